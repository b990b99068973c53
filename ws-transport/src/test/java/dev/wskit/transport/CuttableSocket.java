package dev.wskit.transport;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A plain TCP socket whose peer can be made to vanish in the middle of a write: after {@link #cutNextWrite()},
 * the next write passes on only the first half of its bytes and the socket then closes (FIN), later writes
 * being dropped. Under an {@code SSLSocket} layered on it, whose records go out one write each, that leaves the
 * other side with part of a TLS record. {@link #reset()} ends the connection with RST instead of FIN. Meant for
 * one test thread.
 */
final class CuttableSocket extends Socket {
    private volatile boolean cutArmed;
    private volatile boolean cut;

    /** Makes the next write the last: half of its bytes go out, then the socket closes. */
    void cutNextWrite() {
        cutArmed = true;
    }

    /** Ends the connection with RST rather than FIN (SO_LINGER on with a zero timeout, then close). */
    void reset() throws IOException {
        setSoLinger(true, 0);
        close();
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return new FilterOutputStream(super.getOutputStream()) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (cut) {
                    return;
                }
                if (cutArmed) {
                    cut = true;
                    out.write(bytes, offset, Math.max(1, length / 2));
                    out.flush();
                    CuttableSocket.this.close();
                    return;
                }
                out.write(bytes, offset, length);
            }

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void flush() throws IOException {
                if (!cut) {
                    out.flush();
                }
            }

            @Override
            public void close() throws IOException {
                CuttableSocket.this.close();
            }
        };
    }
}
