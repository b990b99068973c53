package dev.wskit.benchmarks.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a one-way stream cell: each run opens a connection to the sink, writes messages back to back for the
 * run's length, then ends the stream (a Close frame, or a TCP half-close for the raw echo) and waits for the
 * server's answer (its Close, or the end of the stream), which comes only after it consumed everything. So
 * the time covers the server's work, not just filling socket buffers. Stateless.
 */
final class StreamLoad {
    private static final int BATCH_BYTES = 64 * 1024;

    private StreamLoad() {
    }

    /**
     * Runs one stream cell.
     *
     * @param setup the target and settings
     * @param cell the cell (message size)
     * @param first whether it is the first cell of the server process (its warm-up is longer)
     * @return the measured runs, warm-ups left out
     * @throws IOException when the connection fails
     */
    static List<Run> run(LoadSetup setup, Cell cell, boolean first) throws IOException {
        byte[] frame = ClientFrames.text(ClientFrames.payload(cell.size()), setup.target().deflate());
        int perBatch = Math.max(1, BATCH_BYTES / frame.length);
        ByteBuffer batch = ByteBuffer.allocateDirect(frame.length * perBatch);
        for (int i = 0; i < perBatch; i++) {
            batch.put(frame);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < setup.timing().phases(); i++) {
            Run run = once(setup, batch, perBatch, cell.size(), setup.timing().phase(i, first));
            if (i >= setup.timing().warmups()) {
                runs.add(run);
            }
        }
        return runs;
    }

    private static Run once(LoadSetup setup, ByteBuffer batch, int perBatch, int size, Duration length)
        throws IOException {
        try (Link link = setup.sink().open("/sink")) {
            long cpuBefore = setup.cpu().nanos();
            long start = System.nanoTime();
            long deadline = start + length.toNanos();
            long messages = 0;
            while (System.nanoTime() < deadline) {
                batch.clear();
                link.write(batch);
                messages += perBatch;
            }
            finish(setup.target(), link);
            long nanos = System.nanoTime() - start;
            long cpu = ServerCpu.between(cpuBefore, setup.cpu().nanos());
            return new Run(messages, messages * size, nanos, cpu, 0, 0, 0);
        }
    }

    private static void finish(Target target, Link link) throws IOException {
        if (target.isWebSocket()) {
            link.write(ByteBuffer.wrap(ClientFrames.close()));
        } else {
            link.shutdownOutput();
        }
        Replies replies = Replies.forTarget(target, 1);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (!replies.closed()) {
            in.clear();
            if (link.read(in) < 0) {
                return;
            }
            replies.consume(in.flip());
        }
    }
}
