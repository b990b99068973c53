package dev.wskit.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SecureMaskKeysTest {
    /** A SecureRandom that answers bytes 00 01 02 ... so that the key and nonce are known. */
    private static SecureRandom counting() {
        return new SecureRandom() {
            private int next;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) next++;
                }
            }
        };
    }

    @Test
    void outputIsTheChaCha20KeystreamUnderTheSeededKeyAndNonce() throws Exception {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        SecureRandom reference = counting();
        reference.nextBytes(key);
        reference.nextBytes(nonce);
        Cipher chacha = Cipher.getInstance("ChaCha20");
        chacha.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new ChaCha20ParameterSpec(nonce, 0));
        byte[] expected = chacha.doFinal(new byte[1000]);

        SecureMaskKeys keys = new SecureMaskKeys(counting());
        byte[] drawn = new byte[1000];
        byte[] piece = new byte[1];
        // drawn in pieces of odd sizes, the stream runs on without a gap or a repeat
        for (int at = 0, size = 1; at < drawn.length; at += piece.length, size = size * 3 % 301 + 1) {
            piece = new byte[Math.min(size, drawn.length - at)];
            keys.nextBytes(piece);
            System.arraycopy(piece, 0, drawn, at, piece.length);
        }
        assertArrayEquals(expected, drawn);
    }

    @Test
    void nextLongIsTheNextEightKeystreamBytesBigEndian() throws Exception {
        SecureMaskKeys keys = new SecureMaskKeys(counting());
        byte[] first = new byte[8];
        new SecureMaskKeys(counting()).nextBytes(first);
        assertEquals(HexFormat.of().formatHex(first), String.format("%016x", keys.nextLong()));
    }

    @Test
    void independentSourcesDoNotRepeatEachOther() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[16];
            new SecureMaskKeys().nextBytes(bytes);
            assertTrue(seen.add(HexFormat.of().formatHex(bytes)), "a repeated 128-bit output");
        }
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        SecureMaskKeys one = new SecureMaskKeys();
        one.nextBytes(a);
        one.nextBytes(b);
        assertNotEquals(HexFormat.of().formatHex(a), HexFormat.of().formatHex(b));
    }

    @Test
    void clientEncodersMaskWithTheDefaultSourceAndDecodeBack() {
        FrameEncoder encoder = new FrameEncoder(Role.CLIENT);
        FrameDecoder decoder = new FrameDecoder(Role.SERVER);
        for (int frame = 0; frame < 40; frame++) {
            ByteBuffer out = ByteBuffer.allocate(64);
            assertTrue(encoder.encode(true, 0, Opcode.TEXT, ByteBuffer.wrap("Hello".getBytes(StandardCharsets.US_ASCII)), out));
            RecordingFrameListener listener = new RecordingFrameListener();
            decoder.decode(out.flip(), listener);
            assertEquals(List.of(RecordingFrameListener.header(true, 0, Opcode.TEXT, 5),
                "payload 48656c6c6f", "end"), listener.events());
        }
    }
}
