package dev.wskit.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a client printed, as it prints it: a test waits for a line to appear (an event, with a generous
 * deadline) instead of sleeping. Thread-safe.
 */
final class Transcript extends OutputStream {
    private static final long DEADLINE_SECONDS = 30;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();

    PrintStream printStream() {
        return new PrintStream(this, true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        lock.lock();
        try {
            bytes.write(data, offset, length);
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    String text() {
        lock.lock();
        try {
            return bytes.toString(StandardCharsets.UTF_8);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the transcript contains {@code expected}.
     *
     * @return the transcript so far
     * @throws AssertionError when it does not appear within 30 s
     */
    String await(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        lock.lock();
        try {
            long left;
            while (!bytes.toString(StandardCharsets.UTF_8).contains(expected)
                && (left = deadline - System.nanoTime()) > 0) {
                grown.awaitNanos(left);
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            if (!text.contains(expected)) {
                throw new AssertionError("Not printed within " + DEADLINE_SECONDS + " s: " + expected + "\n" + text);
            }
            return text;
        } finally {
            lock.unlock();
        }
    }
}
