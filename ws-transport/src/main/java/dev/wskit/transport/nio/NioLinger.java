package dev.wskit.transport.nio;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * A lingering close in progress, in the manner of {@code TransportChannel#closeLingering}: once all that is
 * owed is written, output is shut down (a FIN after the last byte: the TCP close of RFC 6455 §7.1.1), while
 * input is read and discarded until EOF, a bound of bytes or the deadline, so that no unread byte turns the
 * close into a reset. Its channel holds one only while lingering. Loop thread only.
 */
final class NioLinger {
    private final long deadline;
    private boolean outputShut;

    /**
     * Starts lingering.
     *
     * @param deadline when the connection ends whatever the peer does, a {@link System#nanoTime()} instant
     */
    NioLinger(long deadline) {
        this.deadline = deadline;
    }

    long deadline() {
        return deadline;
    }

    /**
     * Writes what is owed and, once all of it is written, shuts output down (once).
     *
     * @param output what the connection owes
     * @param socket its socket
     * @param channel the connection, whose end stops the shutdown
     * @return true when all is written
     * @throws IOException when writing or shutting down fails
     */
    boolean advance(NioOutput output, SocketChannel socket, NioChannel channel) throws IOException {
        boolean written = output.writePending();
        if (written && !outputShut && !channel.isEnded()) {
            outputShut = true;
            socket.shutdownOutput();
        }
        return written;
    }
}
