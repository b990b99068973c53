package dev.wskit.extensions.deflate;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The output buffers that compressed and decompressed bytes pass through on their way to a sink (RFC 7692
 * §7.2), lent for the length of one call. Cheaper than a {@link Pool}: a buffer needs no release, so each
 * thread takes from and gives back to one slot, a buffer given back to a full slot is left to the garbage
 * collector, and an empty slot means a new buffer.
 *
 * <p>Thread-safe; at most one buffer per slot is kept.
 */
final class BufferCache {
    private final AtomicReferenceArray<ByteBuffer> slots;
    private final int size;

    /**
     * Creates an empty cache.
     *
     * @param slots the most buffers kept
     * @param size each buffer's size in bytes
     */
    BufferCache(int slots, int size) {
        this.slots = new AtomicReferenceArray<>(Math.max(1, slots));
        this.size = size;
    }

    ByteBuffer borrow() {
        int slot = slot();
        ByteBuffer buffer = slots.getPlain(slot) == null ? null : slots.getAndSet(slot, null);
        return buffer == null ? ByteBuffer.allocate(size) : buffer.clear();
    }

    void release(ByteBuffer buffer) {
        slots.setRelease(slot(), buffer);
    }

    private int slot() {
        return Pool.start(slots.length());
    }
}
