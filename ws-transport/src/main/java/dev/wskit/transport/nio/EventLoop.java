package dev.wskit.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Its parts: the {@link TaskStack} of tasks handed over by other threads, the {@link DeadlineQueue} and the
 * {@link LoopBuffers} it lends.
 *
 * <p>Only {@link #execute}, {@link #stop} and {@link #wakeup} may be called from other threads; everything else
 * is for the loop's own thread.
 */
final class EventLoop implements Runnable {
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

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    private final Selector selector;
    private final Thread thread;
    private final TaskStack tasks = new TaskStack();
    private final AtomicBoolean awake = new AtomicBoolean(true);
    private final ArrayDeque<NioChannel> flushes = new ArrayDeque<>();
    private final DeadlineQueue deadlines = new DeadlineQueue();
    private final Consumer<SelectionKey> onSelected = EventLoop::onSelected;
    private final LoopBuffers buffers = new LoopBuffers();
    private final Executor tlsTasks;
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

    /** Returns the buffers the loop lends its connections, valid until the caller returns to the loop. */
    LoopBuffers buffers() {
        return buffers;
    }

    /** Returns the loop's TLS buffers, made the first time a TLS connection needs them. */
    TlsBuffers tlsBuffers() {
        return buffers.tlsBuffers();
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
        execute(TaskStack.wrap(task));
    }

    /**
     * Runs a task on the loop as {@link #execute(Runnable)} does, without allocating. Any thread.
     *
     * @param task the task, not waiting to run already
     */
    void execute(TaskStack.Task task) {
        tasks.push(task);
        // read before the swap: a busy loop is awake, and many senders asking it at once need not each take
        // the flag's cache line for a swap that fails
        if (!inLoop() && !awake.get() && awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
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
        deadlines.schedule(target, at);
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
                deadlines.fireDue(System.nanoTime());
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
            long timeout = tasks.isEmpty() ? deadlines.timeoutMillis(System.nanoTime()) : 0;
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

    private static void onSelected(SelectionKey key) {
        try {
            ((Selectable) key.attachment()).onReady(key.readyOps());
        } catch (CancelledKeyException e) {
            LOG.trace("Key cancelled while handling it: {}", key);
        }
    }

    private void runTasks() {
        TaskStack.Task task;
        while ((task = tasks.next()) != null) {
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

    private void runFlushes() {
        NioChannel channel;
        while ((channel = flushes.poll()) != null) {
            channel.onFlushTurn();
        }
    }
}
