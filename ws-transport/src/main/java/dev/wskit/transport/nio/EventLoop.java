package dev.wskit.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread carrying many connections. Each turn it selects (with a timeout up to the next
 * deadline), handles ready keys, runs tasks handed over by other threads, fires due deadlines, and finally
 * writes out the connections that asked for it during the turn (so several sends make one write). Nothing on
 * the loop blocks. The read and write buffers belong to the loop and are lent to one connection at a time.
 *
 * <p>A failure while serving one connection fails that connection and the loop goes on. A
 * {@link VirtualMachineError} (such as {@link OutOfMemoryError}) that reaches the loop itself, outside any
 * connection, is taken as one it cannot survive: the loop ends its connections (their listeners hear 1006),
 * closes its listening sockets, tells the transport (which stops its other loops the same way) and exits, so
 * that the process does not live on serving nobody.
 *
 * <p>Tasks handed over by other threads wait in a lock-free stack that the loop takes whole each time it runs
 * out, in the order they were handed over. A {@link Task} links itself into it, so that a connection asking its
 * loop to write (its {@link Mailbox}) allocates nothing; any other {@link Runnable} is wrapped in one.
 *
 * <p>Only {@link #execute}, {@link #stop} and {@link #wakeup} may be called from other threads; everything else
 * is for the loop's own thread.
 */
final class EventLoop implements Runnable {
    /**
     * Something run on the loop that carries its own link in the loop's queue. It may be handed to
     * {@link #execute(Task)} again once it has started running, never while it still waits to run.
     */
    abstract static class Task implements Runnable {
        /** The task handed over before this one (while pushed), or after it (once taken by the loop). */
        private Task next;
    }

    /** A plain {@link Runnable} in the loop's queue. */
    private static final class Wrapped extends Task {
        private final Runnable task;

        Wrapped(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            task.run();
        }
    }

    /** Something registered with the selector. */
    interface Selectable {
        /**
         * The key is ready.
         *
         * @param readyOps the ready operations
         */
        void onReady(int readyOps);
    }

    /** Something waiting for a deadline. */
    interface Timed {
        /**
         * A deadline it asked for has passed.
         *
         * @param deadline the deadline as scheduled
         * @param nowNanos the current {@link System#nanoTime()}
         */
        void onDeadline(long deadline, long nowNanos);
    }

    /** A deadline in the heap, with the turn that scheduled it: a turn fires only those of earlier turns. */
    private record Deadline(long at, long turn, Timed target) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            return Long.compare(at, other.at);
        }
    }

    static final int BUFFER_SIZE = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final Selector selector;
    private final Thread thread;
    /** Tasks handed over and not yet taken, the latest first. */
    private final AtomicReference<Task> pushed = new AtomicReference<>();
    /** Tasks taken from {@link #pushed}, the earliest first; loop thread only. */
    private Task taken;
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final ArrayDeque<NioChannel> flushes = new ArrayDeque<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    /** Turns of {@link #fireDeadlines} so far; loop thread only. */
    private long turn;
    private final Consumer<SelectionKey> onSelected = EventLoop::onSelected;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    /** Views of the write buffer, one per stretch between two payloads of a gathering write. */
    private final ByteBuffer[] writeViews = new ByteBuffer[NioOutput.MAX_GATHERED + 1];
    /** The pieces of a gathering write: stretches of the write buffer and payloads, alternately. */
    private final ByteBuffer[] gatherPieces = new ByteBuffer[2 * NioOutput.MAX_GATHERED + 1];
    private final Executor tlsTasks;
    private TlsBuffers tlsBuffers;
    /** Selects made so far; written by the loop only, read by tests to tell an idle loop from a spinning one. */
    private volatile long selects;
    private Consumer<Throwable> onFatal = cause -> { };
    private volatile Throwable stopped;

    /**
     * Creates a loop, not yet started.
     *
     * @param name its thread's name
     * @param tlsTasks where its connections' TLS sessions run their delegated tasks
     */
    EventLoop(String name, Executor tlsTasks) {
        this.tlsTasks = tlsTasks;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector", e);
        }
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /**
     * Sets what to tell when the loop stops on an error it cannot survive; before {@link #start}.
     *
     * @param listener told on the loop's thread, with the error
     */
    void onFatal(Consumer<Throwable> listener) {
        this.onFatal = listener;
    }

    /**
     * Stops the loop: its connections end and its listening sockets close. Any thread; idempotent.
     *
     * @param cause why, passed to the connections as the cause of their end
     */
    void stop(Throwable cause) {
        if (stopped == null) {
            stopped = cause;
            selector.wakeup();
        }
    }

    /**
     * Tells whether the loop has stopped (or is stopping).
     *
     * @return true after {@link #stop} or a fatal error
     */
    boolean isStopped() {
        return stopped != null;
    }

    Thread thread() {
        return thread;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Selector selector() {
        return selector;
    }

    /** Returns the loop's read buffer, cleared; valid until the caller returns to the loop. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /** Returns the loop's write buffer, cleared; valid until the caller returns to the loop. */
    ByteBuffer writeBuffer() {
        return writeBuffer.clear();
    }

    /**
     * Returns a view of the loop's write buffer, for a gathering write; valid until the caller returns to the loop.
     *
     * @param index which view, below {@link NioOutput#MAX_GATHERED} + 1
     * @return the view, its position and limit to be set by the caller
     */
    ByteBuffer writeView(int index) {
        ByteBuffer view = writeViews[index];
        if (view == null) {
            view = writeBuffer.duplicate();
            writeViews[index] = view;
        }
        return view.clear();
    }

    /**
     * Tells whether a buffer is one of the loop's views of its write buffer, whose bytes the next write reuses.
     *
     * @param buffer the buffer
     * @return true for a view from {@link #writeView}
     */
    boolean isWriteView(ByteBuffer buffer) {
        for (ByteBuffer view : writeViews) {
            if (view == buffer) {
                return true;
            }
        }
        return false;
    }

    /** Returns the loop's array for the pieces of a gathering write, empty; valid until the caller returns. */
    ByteBuffer[] gatherPieces() {
        return gatherPieces;
    }

    /** Returns the loop's TLS buffers, made the first time a TLS connection needs them. */
    TlsBuffers tlsBuffers() {
        if (tlsBuffers == null) {
            tlsBuffers = new TlsBuffers();
        }
        return tlsBuffers;
    }

    /** Returns where the loop's connections run their TLS sessions' delegated tasks. */
    Executor tlsTasks() {
        return tlsTasks;
    }

    /**
     * Runs a task on the loop, waking the selector only when the loop may be blocked in it. Any thread.
     *
     * @param task the task
     */
    void execute(Runnable task) {
        execute(new Wrapped(task));
    }

    /**
     * Runs a task on the loop as {@link #execute(Runnable)} does, without allocating. Any thread.
     *
     * @param task the task, not waiting to run already
     */
    void execute(Task task) {
        Task head;
        do {
            head = pushed.get();
            task.next = head;
        } while (!pushed.compareAndSet(head, task));
        // read before the swap: a busy loop is awake, and many senders asking it at once need not each take
        // the flag's cache line for a swap that fails
        if (!inLoop() && !awake.get() && awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Tells whether tasks wait to run. */
    private boolean hasTasks() {
        return taken != null || pushed.get() != null;
    }

    /** Returns the next task to run, in the order they were handed over, or {@code null} when none waits. */
    private Task nextTask() {
        if (taken == null && pushed.get() != null) {
            taken = reverse(pushed.getAndSet(null));
        }
        Task task = taken;
        if (task != null) {
            taken = task.next;
            // cleared before it runs: once running, it may be handed over again, and link itself anew
            task.next = null;
        }
        return task;
    }

    private static Task reverse(Task latestFirst) {
        Task earliestFirst = null;
        Task task = latestFirst;
        while (task != null) {
            Task before = task.next;
            task.next = earliestFirst;
            earliestFirst = task;
            task = before;
        }
        return earliestFirst;
    }

    /**
     * Lets the selector deregister the keys cancelled since its last turn, so that their closed channels are
     * released now; handles whatever is ready meanwhile. On the loop, outside a select (from a task).
     */
    void deregisterCancelled() {
        try {
            selector.selectNow(onSelected);
        } catch (IOException e) {
            LOG.debug("Select on {} failed: {}", thread.getName(), e.toString());
        }
    }

    /**
     * Writes a connection's output at the end of this turn.
     *
     * @param channel the connection, not already queued
     */
    void queueFlush(NioChannel channel) {
        flushes.add(channel);
    }

    /**
     * Asks for {@link Timed#onDeadline} at or soon after a {@link System#nanoTime()} instant.
     *
     * @param target what to tell
     * @param at the instant
     */
    void schedule(Timed target, long at) {
        deadlines.add(new Deadline(at, turn, target));
    }

    /**
     * Counts the loop's selects: a loop with nothing to do makes none, one that spins makes them without end.
     *
     * @return the selects made so far
     */
    long selects() {
        return selects;
    }

    @Override
    public void run() {
        while (stopped == null) {
            try {
                select();
                runTasks();
                fireDeadlines();
                runFlushes();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Event loop {} caught {}", thread.getName(), e.toString(), e);
            } catch (VirtualMachineError e) {
                fatal(e);
            } catch (Error e) {
                LOG.error("Event loop {} caught {}; going on", thread.getName(), e.toString(), e);
            }
        }
        endAll();
    }

    private void fatal(VirtualMachineError e) {
        stopped = e;
        LOG.error("Event loop {} cannot go on after {}: ending its connections and stopping the transport",
            thread.getName(), e.toString(), e);
        try {
            onFatal.accept(e);
        } catch (RuntimeException | Error again) {
            LOG.error("Stopping the transport failed: {}", again.toString());
        }
    }

    /** The loop is stopping: every connection ends (telling its handler), every listening socket closes. */
    private void endAll() {
        IOException cause = new IOException("Event loop " + thread.getName() + " stopped: " + stopped, stopped);
        for (SelectionKey key : selector.keys()) {
            try {
                switch (key.attachment()) {
                    case NioChannel channel -> channel.end(cause);
                    case NioAcceptor acceptor -> acceptor.close();
                    case null, default -> key.channel().close();
                }
            } catch (IOException | RuntimeException | Error e) {
                LOG.debug("Ending {} failed: {}", key.attachment(), e.toString());
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("Closing the selector of {} failed: {}", thread.getName(), e.toString());
        }
    }

    private void select() throws IOException {
        selects++;
        // the flag drops before the queue is checked: a task added after the check finds it down and wakes us
        awake.set(false);
        try {
            long timeout = hasTasks() ? 0 : timeoutMillis();
            if (timeout == 0) {
                selector.selectNow(onSelected);
            } else if (timeout < 0) {
                selector.select(onSelected);
            } else {
                selector.select(onSelected, timeout);
            }
        } finally {
            awake.set(true);
        }
    }

    /** Returns the select timeout: -1 for none, 0 for a deadline already due, else at least 1 ms. */
    private long timeoutMillis() {
        Deadline next = deadlines.peek();
        if (next == null) {
            return -1;
        }
        long delay = next.at() - System.nanoTime();
        return delay <= 0 ? 0 : Math.max(1, (delay + 999_999) / 1_000_000);
    }

    private static void onSelected(SelectionKey key) {
        try {
            ((Selectable) key.attachment()).onReady(key.readyOps());
        } catch (CancelledKeyException e) {
            LOG.trace("Key cancelled while handling it: {}", key);
        }
    }

    private void runTasks() {
        Task task;
        while ((task = nextTask()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("Task on event loop {} failed", thread.getName(), e);
            } catch (VirtualMachineError e) {
                throw e;
            } catch (Error e) {
                LOG.error("Task on event loop {} failed", thread.getName(), e);
            }
        }
    }

    /**
     * Fires the deadlines that are due, except those scheduled while firing: a target that asks again for a
     * deadline already past (a connection whose close timeout ran out, and whose socket closes only in this
     * turn's flushes) is told again next turn, after the selector and the flushes have run. Firing it again at once
     * would keep the loop in here for ever, serving none of its connections.
     */
    private void fireDeadlines() {
        long now = System.nanoTime();
        long firing = ++turn;
        Deadline next;
        while ((next = deadlines.peek()) != null && next.at() - now <= 0 && next.turn() < firing) {
            deadlines.poll();
            next.target().onDeadline(next.at(), now);
        }
    }

    private void runFlushes() {
        NioChannel channel;
        while ((channel = flushes.poll()) != null) {
            channel.onFlushTurn();
        }
    }
}
