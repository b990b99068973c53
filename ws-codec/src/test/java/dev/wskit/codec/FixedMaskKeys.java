package dev.wskit.codec;

import java.util.random.RandomGenerator;

/**
 * A source of masking keys that always answers the same key, so that masked frames have known bytes (such as
 * RFC 6455 §5.7's {@code 37fa213d}). For tests only: real keys must be unpredictable (§10.3).
 */
public final class FixedMaskKeys implements RandomGenerator {
    /** The masking key of the examples in RFC 6455 §5.7. */
    public static final int RFC_KEY = 0x37fa213d;

    private final int key;

    /**
     * Creates a source that answers {@code key} to every {@link #nextInt()}, and fills byte arrays with the key
     * repeated big-endian, as {@link FrameEncoder} draws its keys.
     *
     * @param key the masking key, big-endian as on the wire
     */
    public FixedMaskKeys(int key) {
        this.key = key;
    }

    @Override
    public int nextInt() {
        return key;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (key >>> (24 - 8 * (i & 3)));
        }
    }

    @Override
    public long nextLong() {
        return ((long) key << 32) | (key & 0xFFFF_FFFFL);
    }
}
