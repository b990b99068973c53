package dev.wskit.codec.engine;

import dev.wskit.codec.FrameHeader;
import dev.wskit.codec.Opcode;
import java.nio.ByteBuffer;

/**
 * Messages given to an engine and not yet fully written, oldest first, each with its token: a ring of entries
 * reused from message to message, so that queueing allocates nothing once the ring has grown to a connection's
 * largest burst. An idle connection holds no ring: it is allocated with the first message, and let go when a
 * burst that grew it past {@link #RETAINED} entries has drained.
 */
final class OutboundQueue {
    private static final int INITIAL = 2;
    private static final int RETAINED = 256;

    /** What an entry holds. */
    enum Kind {
        /**
         * A whole data message, or one piece of a message sent in fragments (RFC 6455 §5.4), transformed by the
         * extension unless told otherwise.
         */
        DATA,
        /** Data frames encoded beforehand, read by absolute index: the buffer may be shared. */
        ENCODED,
        /** A Ping or Pong the application sends, its payload copied. */
        CONTROL
    }

    /** One queued message: only the fields of its kind are set. Reused once written or dropped. */
    static final class Entry {
        Kind kind;
        /** TEXT or BINARY for data, PING or PONG for a control. */
        Opcode type;
        /** A data payload, or the prepared frames. */
        ByteBuffer payload;
        /** Where the prepared frames start and end in their shared buffer. */
        int start;
        int end;
        /** Whether the extension may transform the data. */
        boolean transform;
        /** Whether the data ends its message. */
        boolean last;
        /** The payload bytes it adds to the output, before any extension. */
        int size;
        Object token;
        private byte[] control;

        /** Copies a control payload into this entry's own array, allocated once per entry. */
        void copyControl(ByteBuffer data) {
            if (control == null) {
                control = new byte[FrameHeader.MAX_CONTROL_PAYLOAD];
            }
            size = data.remaining();
            data.get(data.position(), control, 0, size);
        }

        byte[] control() {
            return control;
        }
    }

    private Entry[] ring;
    private int head;
    private int count;

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Returns the entry the next message goes in, at the tail; the caller fills it.
     *
     * @param kind what it holds
     * @param token its token, or {@code null}
     */
    Entry add(Kind kind, Object token) {
        if (ring == null) {
            ring = new Entry[INITIAL];
        } else if (count == ring.length) {
            Entry[] larger = new Entry[ring.length * 2];
            for (int i = 0; i < count; i++) {
                larger[i] = ring[(head + i) & (ring.length - 1)];
            }
            ring = larger;
            head = 0;
        }
        int at = (head + count) & (ring.length - 1);
        Entry entry = ring[at];
        if (entry == null) {
            entry = new Entry();
            ring[at] = entry;
        }
        entry.kind = kind;
        entry.token = token;
        count++;
        return entry;
    }

    /** Returns the oldest entry, or {@code null}. */
    Entry peek() {
        return count == 0 ? null : ring[head];
    }

    /** Returns the newest entry, or {@code null}. */
    Entry peekLast() {
        return count == 0 ? null : ring[(head + count - 1) & (ring.length - 1)];
    }

    /**
     * Removes the oldest entry, forgetting its payload.
     *
     * @return its token
     */
    Object poll() {
        Entry entry = ring[head];
        Object token = entry.token;
        entry.payload = null;
        entry.token = null;
        head = (head + 1) & (ring.length - 1);
        count--;
        if (count == 0 && ring.length > RETAINED) {
            ring = null;
            head = 0;
        }
        return token;
    }

    /**
     * Removes the entries after the oldest {@code keep}, reporting each as dropped, oldest first.
     *
     * @param keep how many of the oldest stay
     * @param sink where tokens are reported
     * @return the payload bytes the removed entries held
     */
    long dropAfter(int keep, SendListener sink) {
        long bytes = 0;
        for (int i = keep; i < count; i++) {
            Entry entry = ring[(head + i) & (ring.length - 1)];
            Object token = entry.token;
            bytes += entry.size;
            entry.payload = null;
            entry.token = null;
            report(sink, token);
        }
        count = Math.min(count, keep);
        if (count == 0 && ring != null && ring.length > RETAINED) {
            ring = null;
            head = 0;
        }
        return bytes;
    }

    static void report(SendListener sink, Object token) {
        if (token != null) {
            sink.onDropped(token);
        }
    }
}
