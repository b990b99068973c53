package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.ProxyException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A proxy's answer to CONNECT (RFC 9110 §9.3.6), read alone, at every split of its bytes. */
class ProxyAnswerTest {
    private static final ProxyTunnel TUNNEL = new ProxyTunnel("proxy:3128", "example.com", 443, null);

    @Test
    void twoHundredOpensTheTunnelAndTheBytesAfterItAreTheServers() throws Exception {
        String answer = "HTTP/1.1 200 Connection established\r\n\r\n";
        for (int split = 0; split < answer.length(); split++) {
            ProxyAnswer reader = new ProxyAnswer(TUNNEL);
            assertNull(reader.read(ascii(answer.substring(0, split))), "the head is incomplete at " + split);
            ByteBuffer leftover = reader.read(ascii(answer.substring(split) + "server"));
            assertEquals("server", StandardCharsets.US_ASCII.decode(leftover).toString(), "split at " + split);
        }
    }

    @Test
    void anyTwoHundredStatusOpensTheTunnel() throws Exception {
        ByteBuffer leftover = new ProxyAnswer(TUNNEL).read(ascii("HTTP/1.1 204 No Content\r\n\r\n"));
        assertEquals(0, leftover.remaining());
    }

    @Test
    void refusalFailsWithTheProxysStatusAndNamesProxyAndTarget() {
        ProxyException refused = assertThrows(ProxyException.class,
            () -> new ProxyAnswer(TUNNEL).read(ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")));
        assertEquals(403, refused.status());
        assertEquals("Proxy proxy:3128 refused CONNECT example.com:443: 403 Forbidden", refused.getMessage());
    }

    @Test
    void proxyThatWantsCredentialsFailsWith407AndSaysSo() {
        ProxyException refused = assertThrows(ProxyException.class, () -> new ProxyAnswer(TUNNEL).read(
            ascii("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n")));
        assertEquals(407, refused.status());
        assertTrue(refused.getMessage().endsWith("(it wants credentials)"), refused.getMessage());
        assertEquals("Basic", refused.headers().first("Proxy-Authenticate").orElseThrow());
    }

    @Test
    void malformedAnswerFailsWithStatusZero() {
        ProxyException malformed = assertThrows(ProxyException.class,
            () -> new ProxyAnswer(TUNNEL).read(ascii("SSH-2.0-OpenSSH\r\n\r\n")));
        assertEquals(0, malformed.status());
        assertTrue(malformed.getMessage().startsWith("Malformed answer of proxy proxy:3128 to CONNECT example.com:443"),
            malformed.getMessage());
    }

    @Test
    void connectionClosedBeforeTheAnswerIsTheProxysFailureCausedByTheEnd() {
        IOException reset = new IOException("Connection reset");
        IOException failure = new ProxyAnswer(TUNNEL).closed(false, reset);
        ProxyException proxy = assertInstanceOf(ProxyException.class, failure);
        assertEquals(0, proxy.status());
        assertEquals("Proxy proxy:3128 gave no answer to CONNECT example.com:443: Connection reset",
            failure.getMessage());
        assertSame(reset, failure.getCause());
    }

    @Test
    void connectionClosedDuringTheTlsHandshakeNamesTheTunnel() {
        IOException failure = new ProxyAnswer(TUNNEL).closed(true, null);
        assertEquals("Tunnel through proxy proxy:3128 closed during the TLS handshake with example.com:443: "
            + "the connection closed", failure.getMessage());
        assertNull(failure.getCause());
    }

    @Test
    void timeoutNamesTheConnectTimeout() {
        assertEquals("Proxy proxy:3128 gave no answer to CONNECT example.com:443 within the connect timeout of "
            + "5000 ms", new ProxyAnswer(TUNNEL).timedOut(5000).getMessage());
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }
}
