package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client in-process against the echo server, its input piped in (and left open where that matters). */
class ClientCommandTest {
    private final Transcript out = new Transcript();
    private final Transcript err = new Transcript();
    private WebSocketServer echo;

    @BeforeEach
    void startEcho() throws Exception {
        echo = startEcho(false);
    }

    @AfterEach
    void stopEcho() {
        echo.stop();
    }

    private static WebSocketServer startEcho(boolean tls) throws Exception {
        String[] args = tls ? new String[] {"--port", "0", "--tls"} : new String[] {"--port", "0"};
        return EchoCommand.start(Options.parse(args, ServerSetup.VALUED, ServerSetup.FLAGS));
    }

    private String url() {
        return "ws://127.0.0.1:" + echo.port() + "/echo";
    }

    private int run(String input, String... args) throws Exception {
        return start(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), args).get(60, TimeUnit.SECONDS);
    }

    private CompletableFuture<Integer> start(InputStream in, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "client";
        System.arraycopy(args, 0, command, 1, args.length);
        return CompletableFuture.supplyAsync(() -> Main.run(command, in, out.printStream(), err.printStream()));
    }

    private static void type(PipedOutputStream keyboard, String line) throws Exception {
        keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    @Test
    void pipedLinesAreSentAndEchoesPrintedThenItClosesCleanly() throws Exception {
        int status = run("hello\n/ping are you there\nwörld\n", url());
        String printed = out.text();
        assertEquals(0, status, printed);
        assertTrue(printed.contains("< text: hello"), printed);
        assertTrue(printed.contains("< pong: are you there"), printed);
        assertTrue(printed.contains("< text: wörld"), printed);
        assertTrue(printed.contains("< close 1000 (clean)"), printed);
    }

    @Test
    void insecureModeConnectsToASelfSignedServer() throws Exception {
        WebSocketServer secure = startEcho(true);
        try {
            int status = run("secure\n", "wss://127.0.0.1:" + secure.port() + "/", "-n",
                "--close-code", "4000", "--close-reason", "done");
            String printed = out.text();
            assertEquals(0, status, printed);
            assertTrue(printed.contains("< text: secure"), printed);
            assertTrue(printed.contains("< close 4000 done (clean)"), printed);
        } finally {
            secure.stop();
        }
    }

    @Test
    void theClientExitsAsSoonAsTheServerClosesThoughItsInputIsStillOpen() throws Exception {
        try (PipedOutputStream keyboard = new PipedOutputStream()) {
            CompletableFuture<Integer> client = start(new PipedInputStream(keyboard), url());
            type(keyboard, "ready");
            out.await("< text: ready");
            echo.stop();
            assertEquals(0, client.get(60, TimeUnit.SECONDS), out.text());
            assertTrue(out.text().contains("< close 1001 Server stopping (clean)"), out.text());
        }
    }

    @Test
    void executeSendsEachLineAndExitsOnceEachHasBeenAnswered() throws Exception {
        try (PipedOutputStream keyboard = new PipedOutputStream()) {
            CompletableFuture<Integer> client = start(new PipedInputStream(keyboard), "-c", url(),
                "-x", "hello", "-x", "/hex 0102ff", "-x", "/ping hb");
            assertEquals(0, client.get(60, TimeUnit.SECONDS), out.text());
        }
        String printed = out.text();
        assertTrue(printed.contains("< text: hello\n"), printed);
        assertTrue(printed.contains("< binary (3 bytes): 0102ff\n"), printed);
        assertTrue(printed.contains("< pong: hb\n"), printed);
        assertTrue(printed.endsWith("< close 1000 (clean)\n"), printed);
    }

    @Test
    void anyCloseCodeValidOnTheWireIsSentIncluding1001() throws Exception {
        assertEquals(0, run("/close 1001 leaving\n", url()), out.text());
        assertTrue(out.text().contains("< close 1001 leaving (clean)"), out.text());
        assertEquals(0, run("bye\n", url(), "--close-code", "1011", "--close-reason", "oops"), out.text());
        assertTrue(out.text().contains("< close 1011 oops (clean)"), out.text());
    }

    @Test
    void closeCodesNeverSentAreRefusedOnTheCommandLine() throws Exception {
        assertEquals(2, run("", url(), "--close-code", "1006"));
        assertTrue(err.text().contains("--close-code: Close code not valid on the wire: 1006"), err.text());
    }

    @Test
    void aBadLineIsReportedAndTheNextOneStillSent() throws Exception {
        assertEquals(0, run("/hex zz\nafter\n", url()), out.text());
        assertTrue(err.text().contains("! Not hex (pairs of 0-9 a-f): zz"), err.text());
        assertTrue(out.text().contains("< text: after"), out.text());
    }

    @Test
    void aBareHostAndPortConnects() throws Exception {
        assertEquals(0, run("hi\n", "127.0.0.1:" + echo.port()), out.text());
        assertTrue(out.text().startsWith("Connected to ws://127.0.0.1:" + echo.port() + "/\n"), out.text());
        assertTrue(out.text().contains("< text: hi"), out.text());
    }

    @Test
    void rawOutputHoldsOnlyThePayloadsForJq() throws Exception {
        assertEquals(0, run("{\"n\":1}\n/base64 AP8=\n[2]\n", url(), "-r"), err.text());
        assertEquals("{\"n\":1}\nAP8=\n[2]\n", out.text());
        assertTrue(err.text().contains("< close 1000 (clean)"), err.text());
    }

    @Test
    void keepalivePingsAndPongsAreShownWithShowPingPong() throws Exception {
        try (PipedOutputStream keyboard = new PipedOutputStream()) {
            CompletableFuture<Integer> client = start(new PipedInputStream(keyboard), url(), "--ping-interval", "0.2",
                "-P");
            out.await("< pong: \n");
            type(keyboard, "/close");
            assertEquals(0, client.get(60, TimeUnit.SECONDS), out.text());
        }
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        assertEquals(0, run("", "--version"));
        assertTrue(out.text().matches("wskit-examples \\d+\\.\\d+\\.\\d+[^\\n]*\\n"), out.text());
    }

    @Test
    void helpNamesTheConnectOptions() throws Exception {
        assertEquals(0, run("", "--help"));
        String help = out.text();
        for (String option : List.of("-H, --header 'Name: value'", "--auth USER:PASSWORD", "--proxy HOST:PORT",
            "-L, --follow-redirects", "--connect-timeout SEC", "--tls-timeout SEC", "--handshake-timeout SEC")) {
            assertTrue(help.contains(option), option + " in " + help);
        }
    }

    @Test
    void followRedirectsReachesTheServerARedirectNames() throws Exception {
        try (ServerSocket redirector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> redirectOnce(redirector, url()));
            assertEquals(0, run("moved\n", "ws://127.0.0.1:" + redirector.getLocalPort() + "/old", "-L"), out.text());
        }
        assertTrue(out.text().contains("< text: moved"), out.text());
    }

    @Test
    void withoutFollowRedirectsARedirectFailsTheConnect() throws Exception {
        try (ServerSocket redirector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> redirectOnce(redirector, url()));
            assertEquals(1, run("", "ws://127.0.0.1:" + redirector.getLocalPort() + "/old"));
        }
        assertTrue(err.text().contains("301"), err.text());
    }

    /** Answers one upgrade request with the given response. */
    private static void answerOnce(ServerSocket server, String response) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
            }
            socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // the test's assertions tell what the client saw
        }
    }

    @Test
    void reconnectConnectsAgainToTheServerRestartedOnItsPort() throws Exception {
        int port = echo.port();
        PipedOutputStream keyboard = new PipedOutputStream();
        CompletableFuture<Integer> client = start(new PipedInputStream(keyboard), url(), "--reconnect");
        try {
            type(keyboard, "one");
            out.await("< text: one");
            echo.stop();
            out.await("< close 1001 Server stopping (clean)");
            echo = EchoCommand.start(Options.parse(new String[] {"--port", Integer.toString(port)},
                ServerSetup.VALUED, ServerSetup.FLAGS));
            err.await("! reconnected");
            type(keyboard, "two");
            out.await("< text: two");
        } finally {
            // the end of input: the client closes and exits
            keyboard.close();
        }
        assertEquals(0, client.get(60, TimeUnit.SECONDS), out.text() + err.text());
        assertTrue(out.text().endsWith("< close 1000 (clean)\n"), out.text());
    }

    @Test
    void reconnectGivesUpAtOnceOnAClientErrorRefusal() throws Exception {
        try (ServerSocket refuser = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> answerOnce(refuser, "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
            assertEquals(1, run("", "ws://127.0.0.1:" + refuser.getLocalPort() + "/", "--reconnect"));
        }
        assertTrue(err.text().contains("403"), err.text());
    }

    /** Answers one upgrade request with a 301 to {@code location}. */
    private static void redirectOnce(ServerSocket redirector, String location) {
        answerOnce(redirector, "HTTP/1.1 301 Moved Permanently\r\nLocation: " + location
            + "\r\nContent-Length: 0\r\n\r\n");
    }
}
