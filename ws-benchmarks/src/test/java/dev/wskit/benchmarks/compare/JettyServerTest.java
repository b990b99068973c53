package dev.wskit.benchmarks.compare;

import dev.wskit.transport.tls.SelfSignedCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Echoes one message off Jetty's WebSocket server, plain, with TLS and with permessage-deflate. */
class JettyServerTest {
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.forLocalhost();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "jetty-tls", "jetty-deflate", "jetty-tls-deflate"})
    void echoesOneMessage(String name) throws Exception {
        PeerEcho.echoOnce(name, certificate);
    }
}
