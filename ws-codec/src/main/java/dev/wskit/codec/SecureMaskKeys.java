package dev.wskit.codec;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The default source of client masking keys, which RFC 6455 §5.3 and §10.3 require to be unpredictable and
 * drawn from a strong source of entropy: the ChaCha20 keystream (RFC 8439) under a key and nonce taken from
 * {@link SecureRandom}, with a fresh key and nonce every 64 MiB of output, the construction of Linux's
 * {@code getrandom} and OpenBSD's {@code arc4random}. Unlike {@code SecureRandom.nextBytes}, which allocates
 * in proportion to the bytes it returns, it allocates nothing per call once keyed.
 *
 * <p>Not thread-safe: one per encoder.
 */
public final class SecureMaskKeys implements RandomGenerator {
    private static final int REKEY_AFTER = 64 << 20;
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;

    private final SecureRandom seeds;
    private final Cipher chacha;
    private final byte[] zeros = new byte[256];
    private final byte[] word = new byte[Long.BYTES];
    private long untilRekey;

    /** Creates a source keyed from a new {@link SecureRandom}. */
    public SecureMaskKeys() {
        this(new SecureRandom());
    }

    /**
     * Creates a source keyed from the given generator.
     *
     * @param seeds where keys and nonces come from
     * @throws IllegalStateException when the platform has no ChaCha20 cipher
     */
    public SecureMaskKeys(SecureRandom seeds) {
        this.seeds = seeds;
        try {
            this.chacha = Cipher.getInstance("ChaCha20");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No ChaCha20 cipher for masking keys", e);
        }
        rekey();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        for (int done = 0; done < bytes.length; ) {
            if (untilRekey <= 0) {
                rekey();
            }
            int count = (int) Math.min(Math.min(zeros.length, bytes.length - done), untilRekey);
            try {
                // encrypting zeros yields the keystream itself
                chacha.update(zeros, 0, count, bytes, done);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("ChaCha20 keystream failed", e);
            }
            done += count;
            untilRekey -= count;
        }
    }

    @Override
    public long nextLong() {
        nextBytes(word);
        long value = 0;
        for (byte b : word) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }

    private void rekey() {
        byte[] key = new byte[KEY_BYTES];
        byte[] nonce = new byte[NONCE_BYTES];
        seeds.nextBytes(key);
        seeds.nextBytes(nonce);
        try {
            chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot key ChaCha20 for masking keys", e);
        }
        untilRekey = REKEY_AFTER;
    }
}
