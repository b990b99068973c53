package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.spi.Transport;
import dev.wskit.transport.tls.SelfSignedCertificate;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sans-I/O {@link TlsSession}: a client and a server session handshake and exchange data with nothing but
 * buffers passed between them, records split anywhere arrive whole, close_notify ends the input, and a corrupt
 * record fails with an alert the peer understands.
 */
class TlsSessionTest {
    private static final int MAX_ROUNDS = 20;
    private static SelfSignedCertificate certificate;
    private Peer client;
    private Peer server;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = SelfSignedCertificate.forLocalhost();
    }

    @AfterAll
    static void forgetCertificate() {
        certificate = null;
    }

    @BeforeEach
    void handshake() throws Exception {
        client = new Peer(TlsSession.client(
            new Transport.ClientTls(certificate.clientContext(), "localhost", true, 0), 443));
        server = new Peer(TlsSession.server(certificate.serverContext()));
        for (int round = 0; round < MAX_ROUNDS && !(client.isIdle() && server.isIdle()); round++) {
            client.sendHandshake(server);
            server.sendHandshake(client);
            server.receive();
            client.receive();
        }
        assertEquals(1, client.finishes, "the client's handshake finished once");
        assertEquals(1, server.finishes, "the server's handshake finished once");
        assertTrue(client.isIdle() && server.isIdle(), "nothing left to send or take after the handshake");
    }

    @Test
    void dataCrossesBothWaysAfterTheHandshake() throws Exception {
        client.send("hello", server);
        assertEquals(TlsSession.Status.OK, server.receive());
        assertEquals("hello", server.takePlaintext());
        server.send("world", client);
        assertEquals(TlsSession.Status.OK, client.receive());
        assertEquals("world", client.takePlaintext());
    }

    @Test
    void aPayloadIsEncryptedWhereItIsAfterItsHeader() throws Exception {
        ByteBuffer header = ByteBuffer.wrap("head:".getBytes(StandardCharsets.UTF_8));
        ByteBuffer payload = ByteBuffer.wrap("payload".getBytes(StandardCharsets.UTF_8));
        ByteBuffer records = client.session.wrap(header, payload, client.recordBuffer());
        assertFalse(header.hasRemaining() || payload.hasRemaining(), "both fit one record");
        server.inbox.put(records.flip());
        server.receive();
        assertEquals("head:payload", server.takePlaintext());
    }

    @Test
    void aRecordSplitAtEveryByteArrivesWholeOnceComplete() throws Exception {
        int length = Integer.MAX_VALUE;
        for (int split = 0; split <= length; split++) {
            ByteBuffer records = client.encrypt("small message");
            length = records.remaining();
            server.inbox.put(records.slice(0, split));
            TlsSession.Status first = server.receive();
            if (split < length) {
                assertEquals(TlsSession.Status.NEEDS_INPUT, first, "cut at " + split);
                assertEquals("", server.takePlaintext(), "nothing before the record is whole, cut at " + split);
                assertEquals(split, server.inbox.position(), "the cut record stays in the input");
                server.inbox.put(records.slice(split, length - split));
                assertEquals(TlsSession.Status.OK, server.receive(), "cut at " + split);
            } else {
                assertEquals(TlsSession.Status.OK, first, "uncut");
            }
            assertEquals("small message", server.takePlaintext(), "cut at " + split);
            assertEquals(0, server.inbox.position(), "the whole record is taken, cut at " + split);
        }
    }

    @Test
    void plaintextThatDoesNotFitAsksForRoom() throws Exception {
        ByteBuffer records = client.encrypt("x".repeat(100));
        ByteBuffer small = ByteBuffer.allocate(10);
        assertEquals(TlsSession.Status.NEEDS_ROOM, server.session.unwrap(records, small));
        assertEquals(0, small.position(), "nothing decrypted");
        ByteBuffer room = ByteBuffer.allocate(server.session.applicationSize());
        assertEquals(TlsSession.Status.OK, server.session.unwrap(records, room));
        assertEquals(100, room.position());
    }

    @Test
    void closeNotifyEndsThePeersInputAndTheSendersOutput() throws Exception {
        ByteBuffer out = client.recordBuffer();
        client.session.closeOutbound(out);
        assertTrue(out.position() > 0, "close_notify produced");
        server.inbox.put(out.flip());
        assertEquals(TlsSession.Status.CLOSED, server.receive());
        assertEquals("", server.takePlaintext());
        SSLException closed = assertThrows(SSLException.class, () -> client.encrypt("too late"));
        assertEquals("TLS is closed: cannot send", closed.getMessage());
    }

    @Test
    void aCorruptRecordFailsWithAnAlertThePeerUnderstands() throws Exception {
        ByteBuffer records = client.encrypt("hello");
        int last = records.limit() - 1;
        records.put(last, (byte) (records.get(last) ^ 1));
        server.inbox.put(records);
        assertThrows(SSLException.class, server::receive, "a record whose tag does not match");
        ByteBuffer alert = server.recordBuffer();
        server.session.wrapAlert(alert);
        assertTrue(alert.position() > 0, "the alert is owed");
        client.inbox.put(alert.flip());
        SSLException heard = assertThrows(SSLException.class, client::receive);
        assertTrue(heard.getMessage().contains("bad_record_mac"), heard.getMessage());
    }

    /** One side: its session, the records it has received, and the plaintext they gave. */
    private static final class Peer {
        final TlsSession session;
        final ByteBuffer inbox = ByteBuffer.allocate(1 << 17);
        final ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
        int finishes;

        Peer(TlsSession session) {
            this.session = session;
        }

        ByteBuffer recordBuffer() {
            return ByteBuffer.allocate(2 * session.packetSize());
        }

        boolean isIdle() {
            return inbox.position() == 0 && !session.needsWrap();
        }

        void sendHandshake(Peer to) throws SSLException {
            while (session.needsWrap()) {
                ByteBuffer out = recordBuffer();
                TlsSession.Status status = session.wrapHandshake(out);
                to.inbox.put(out.flip());
                afterStep(status);
            }
        }

        /** Takes what the inbox holds as far as it goes, keeping a record cut short. */
        TlsSession.Status receive() throws SSLException {
            inbox.flip();
            ByteBuffer app = ByteBuffer.allocate(session.applicationSize());
            TlsSession.Status status;
            do {
                status = session.unwrap(inbox, app);
                afterStep(status);
            } while (inbox.hasRemaining() && (status == TlsSession.Status.OK || status == TlsSession.Status.NEEDS_TASKS));
            inbox.compact();
            plaintext.write(app.array(), 0, app.position());
            return status;
        }

        private void afterStep(TlsSession.Status status) {
            if (status == TlsSession.Status.NEEDS_TASKS) {
                session.runDelegatedTasks();
            }
            if (session.takeFinished()) {
                finishes++;
            }
        }

        ByteBuffer encrypt(String text) throws SSLException {
            return session.wrap(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), recordBuffer()).flip();
        }

        void send(String text, Peer to) throws SSLException {
            to.inbox.put(encrypt(text));
        }

        String takePlaintext() {
            String text = plaintext.toString(StandardCharsets.UTF_8);
            plaintext.reset();
            return text;
        }
    }
}
