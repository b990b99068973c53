package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Runs the driver against a stand-in for the fuzzing server that speaks the same three endpoints. */
class AutobahnClientCommandTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    private WebSocket.Listener caseCount() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                socket.sendText("3");
            }
        };
    }

    private WebSocket.Listener runCase() {
        return new WebSocket.Listener() {
            private int echoes;

            @Override
            public void onOpen(WebSocket socket) {
                log.add("case " + socket.uri().getQuery());
                socket.sendText("fuzz");
                socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            }

            @Override
            public void onText(WebSocket socket, String text) {
                log.add("echo text " + text);
                closeAfterBoth(socket);
            }

            @Override
            public void onBinary(WebSocket socket, ByteBuffer data) {
                log.add("echo binary " + data.remaining());
                closeAfterBoth(socket);
            }

            private void closeAfterBoth(WebSocket socket) {
                if (++echoes == 2) {
                    socket.close(1000, "");
                }
            }
        };
    }

    private WebSocket.Listener updateReports() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                log.add("update " + socket.uri().getQuery());
                socket.close(1000, "");
            }
        };
    }

    @Test
    void runsEveryCaseByEchoingThenUpdatesReports() throws Exception {
        WebSocketServer fuzzer = WebSocketServer.start(ServerConfig.builder()
            .endpoint("/getCaseCount", this::caseCount)
            .endpoint("/runCase", this::runCase)
            .endpoint("/updateReports", this::updateReports)
            .build());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = Main.run(new String[] {"autobahn-client", "--url", "ws://127.0.0.1:" + fuzzer.port(),
                "--agent", "wskit test", "--transport", "blocking", "--case-timeout", "10"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
            assertEquals(List.of(
                "case case=1&agent=wskit+test", "echo text fuzz", "echo binary 3",
                "case case=2&agent=wskit+test", "echo text fuzz", "echo binary 3",
                "case case=3&agent=wskit+test", "echo text fuzz", "echo binary 3",
                "update agent=wskit+test"), log);
        } finally {
            fuzzer.stop();
        }
    }
}
