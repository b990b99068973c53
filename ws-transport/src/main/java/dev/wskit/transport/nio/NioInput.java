package dev.wskit.transport.nio;

import dev.wskit.transport.spi.ConnectionHandler;
import dev.wskit.transport.spi.TransportChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The input side of one {@link NioChannel}: reads through the loop's buffer straight into the handler (or into
 * the connection's {@link NioTls}, which decrypts into the handler), a few buffers' worth per turn so that one
 * busy peer does not hold the loop; after a lingering close, reads only to drop what the peer still sends.
 *
 * <p>Not thread-safe: used on the connection's loop only.
 */
final class NioInput {
    private static final int READS_PER_TURN = 16;

    private final NioChannel channel;
    private final SocketChannel socket;
    private final ConnectionHandler handler;
    private final NioTls tls;
    private long discarded;

    NioInput(NioChannel channel, SocketChannel socket, ConnectionHandler handler, NioTls tls) {
        this.channel = channel;
        this.socket = socket;
        this.handler = handler;
        this.tls = tls;
    }

    /**
     * Reads while the socket fills whole buffers and the channel wants input; at the end of the stream, ends it.
     *
     * @throws IOException when reading or decrypting fails
     */
    void read() throws IOException {
        for (int i = 0; i < READS_PER_TURN && channel.isReading(); i++) {
            int count = tls == null ? readPlain() : readTls();
            if (count < 0) {
                channel.end(null);
            }
            if (count < LoopBuffers.BUFFER_SIZE) {
                break;
            }
        }
    }

    private int readPlain() throws IOException {
        ByteBuffer buffer = channel.loop().buffers().readBuffer();
        int count = socket.read(buffer);
        if (count > 0) {
            handler.onReceived(buffer.flip());
        }
        return count;
    }

    private int readTls() throws IOException {
        ByteBuffer net = tls.readBuffer();
        int count = socket.read(net);
        tls.onRead(net, count);
        return count;
    }

    /**
     * Reads and drops what a peer still sends after a lingering close, raw (TLS records need no decrypting); ends
     * the channel at the end of the stream or past {@link TransportChannel#LINGER_MAX_BYTES}.
     *
     * @throws IOException when reading fails
     */
    void discard() throws IOException {
        for (int i = 0; i < READS_PER_TURN && !channel.isEnded(); i++) {
            int count = socket.read(channel.loop().buffers().readBuffer());
            if (count < 0 || (discarded += count) > TransportChannel.LINGER_MAX_BYTES) {
                channel.end(null);
                return;
            }
            if (count == 0) {
                return;
            }
        }
    }
}
