package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A link straight over TCP. Not thread-safe.
 *
 * @param channel the connected channel
 */
record PlainLink(SocketChannel channel) implements Link {

    @Override
    public boolean write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (channel.write(src) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }
}
