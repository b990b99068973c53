package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What a connection's socket did not take, alone: written in order once it takes more, loop bytes copied aside. */
class WriteBacklogTest {
    private final SlowSocket socket = new SlowSocket();
    private final WriteBacklog backlog = new WriteBacklog(socket);

    @Test
    void bytesKeptAsideAreWrittenInOrderOnceTheSocketTakesThem() throws Exception {
        backlog.keepBytes(ascii("one,"));
        backlog.keepBytes(ascii("two"));
        assertTrue(backlog.hasBytes());
        socket.room = 5;
        assertFalse(backlog.write(), "the socket took only part of it");
        socket.room = 100;
        assertTrue(backlog.write());
        assertTrue(backlog.isEmpty());
        assertEquals("one,two", socket.written());
    }

    @Test
    void bytesKeptAsideAreCopiesThatTheCallerMayReuse() throws Exception {
        ByteBuffer loopBuffer = ascii("kept");
        backlog.keepBytes(loopBuffer);
        loopBuffer.clear().put(ascii("XXXX"));
        socket.room = 100;
        assertTrue(backlog.write());
        assertEquals("kept", socket.written());
    }

    @Test
    void piecesOfAGatheringWriteKeepPayloadsAsTheyAreAndCopyTheLoopsBytes() throws Exception {
        LoopBuffers buffers = new LoopBuffers();
        ByteBuffer head = buffers.writeView(0).put(ascii("head|")).flip();
        ByteBuffer payload = ascii("payload");
        ByteBuffer[] pieces = {head, payload};
        backlog.keepPieces(pieces, 2, buffers);
        buffers.writeView(0).put(ascii("XXXXX"));
        assertTrue(backlog.hasPieces());
        socket.room = 100;
        assertTrue(backlog.write());
        assertEquals("head|payload", socket.written());
        assertEquals(0, payload.remaining(), "the payload itself was written, not a copy of it");
    }

    @Test
    void piecesAlreadyWrittenAreNotKept() throws Exception {
        LoopBuffers buffers = new LoopBuffers();
        ByteBuffer written = ascii("gone");
        written.position(written.limit());
        backlog.keepPieces(new ByteBuffer[] {written, ascii("left")}, 2, buffers);
        socket.room = 100;
        assertTrue(backlog.write());
        assertEquals("left", socket.written());
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A socket that takes at most {@link #room} bytes, then none until given more. */
    private static final class SlowSocket implements GatheringByteChannel {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int room;

        String written() {
            return bytes.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public int write(ByteBuffer src) {
            int count = Math.min(room, src.remaining());
            for (int i = 0; i < count; i++) {
                bytes.write(src.get());
            }
            room -= count;
            return count;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long count = 0;
            for (int i = offset; i < offset + length; i++) {
                count += write(srcs[i]);
            }
            return count;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
