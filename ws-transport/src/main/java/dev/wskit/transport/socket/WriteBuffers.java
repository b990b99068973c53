package dev.wskit.transport.socket;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The write buffers of the socket transports, shared: a connection borrows one only while it writes, so an
 * idle connection holds none, and a busy server reuses the same few instead of allocating per write.
 * Thread-safe; bounded, so a burst of many concurrent writers allocates extras that are then dropped.
 */
final class WriteBuffers {
    static final int SIZE = 64 * 1024;
    private static final ArrayBlockingQueue<ByteBuffer> FREE = new ArrayBlockingQueue<>(256);

    private WriteBuffers() {
    }

    static ByteBuffer acquire() {
        ByteBuffer buffer = FREE.poll();
        return buffer != null ? buffer.clear() : ByteBuffer.allocate(SIZE);
    }

    static void release(ByteBuffer buffer) {
        FREE.offer(buffer);
    }
}
