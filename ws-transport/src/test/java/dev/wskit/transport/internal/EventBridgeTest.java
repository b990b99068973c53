package dev.wskit.transport.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wskit.transport.WebSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine reports, as the listener hears it, driven through a {@link DrivenServer}. */
class EventBridgeTest {

    @Test
    void listenerThatThrowsHearsItsFailureAndTheConnectionClosesWith1011() {
        DrivenServer server = new DrivenServer(config -> config, new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                throw new IllegalStateException("listener broke on " + text);
            }
        }).open();
        server.receiveText("boom");
        // RFC 6455 §7.4.1: 1011, the server met a condition that kept it from fulfilling the request
        assertEquals(List.of("CLOSE 1011 Internal error"), server.write());
        assertEquals(List.of("open", "text boom", "error listener broke on boom"), server.events);
    }

    @Test
    void eventsOfOneReceiveAreHeardInTheOrderTheyArrived() {
        DrivenServer server = new DrivenServer(config -> config).open();
        server.receiveText("one");
        server.receiveText("two");
        server.receiveClose(1000, "done");
        assertEquals(List.of("CLOSE 1000 done"), server.write());
        assertEquals(List.of("open", "text one", "text two", "close 1000 done clean=true"), server.events);
    }
}
