package dev.wskit.transport.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.codec.Opcode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics combine: {@link WebSocketMetrics#and} makes both hear every call, in order, and NONE adds nothing. */
class WebSocketMetricsTest {
    private static final EndpointTags TAGS = new EndpointTags("/echo", "nio");

    @Test
    void combiningWithNoneGivesTheOtherItself() {
        WebSocketMetrics some = tags -> new ConnectionMetrics() { };
        assertSame(some, WebSocketMetrics.NONE.and(some));
        assertSame(some, some.and(WebSocketMetrics.NONE));
    }

    @Test
    void bothHearEveryCallInOrderAndMessagesAreCountedWhenEitherWantsThem() {
        List<String> heard = new ArrayList<>();
        WebSocketMetrics first = tags -> new Recorder("first", false, heard);
        WebSocketMetrics second = tags -> new Recorder("second", true, heard);
        ConnectionMetrics both = first.and(second).forEndpoint(TAGS);
        both.onMessageReceived(Opcode.TEXT, 5);
        both.onProtocolError(1002);
        assertTrue(both.countsMessages());
        assertFalse(first.and(first).forEndpoint(TAGS).countsMessages());
        assertEquals(List.of("first in 5", "second in 5", "first error 1002", "second error 1002"), heard);
    }

    /** Writes down the calls it hears, under a name. */
    private record Recorder(String name, boolean countsMessages, List<String> heard) implements ConnectionMetrics {
        @Override
        public void onMessageReceived(Opcode type, long bytes) {
            heard.add(name + " in " + bytes);
        }

        @Override
        public void onProtocolError(int closeCode) {
            heard.add(name + " error " + closeCode);
        }
    }
}
