package dev.wskit.transport.internal;

import dev.wskit.transport.WebSocket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Delivers a connection's events in order and never concurrently: on whichever thread drains first, or on the
 * application's callback executor (a work-in-progress counter serializes the drainers without blocking
 * anyone). Counts the received bytes still waiting, for receive-side backpressure.
 *
 * <p>The counters are fields updated through {@link VarHandle}s and the queue tells its {@link Owner} directly, so
 * that an idle connection holds no atomic or function objects for them.
 */
final class EventQueue {
    /** What the queue tells as it delivers. Called on the delivering thread. */
    interface Owner {
        /** An event that held received bytes was delivered. */
        void afterDelivery();

        /** A message event ({@link Event#isMessage()}) was delivered, and the listener's callback has returned. */
        void afterMessage();

        /**
         * A listener's callback threw.
         *
         * @param failure what it threw
         */
        void listenerFailed(Throwable failure);
    }

    private static final VarHandle WORK;
    private static final VarHandle UNDELIVERED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            WORK = lookup.findVarHandle(EventQueue.class, "work", int.class);
            UNDELIVERED = lookup.findVarHandle(EventQueue.class, "undelivered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final Executor executor;
    private final Owner owner;
    /** Drainers in and wanting in; updated through {@link #WORK}. */
    private volatile int work;
    /** Received bytes in events not yet delivered; updated through {@link #UNDELIVERED}. */
    private volatile long undelivered;

    /**
     * Creates a queue.
     *
     * @param executor where callbacks run, or {@code null} for the draining thread
     * @param owner told after deliveries and of failed callbacks
     */
    EventQueue(Executor executor, Owner owner) {
        this.executor = executor;
        this.owner = owner;
    }

    void add(Event event) {
        UNDELIVERED.getAndAdd(this, event.size());
        events.add(event);
    }

    /** Returns the received bytes held by events not yet delivered. */
    long undeliveredBytes() {
        return undelivered;
    }

    /**
     * Delivers queued events unless another thread is delivering (it will deliver these too).
     *
     * @param listener the application's listener
     * @param socket the connection
     */
    void drain(WebSocket.Listener listener, WebSocket socket) {
        if (events.isEmpty() || (int) WORK.getAndAdd(this, 1) != 0) {
            return;
        }
        if (executor == null) {
            deliverAll(listener, socket);
            return;
        }
        try {
            executor.execute(() -> deliverAll(listener, socket));
        } catch (RejectedExecutionException e) {
            deliverAll(listener, socket);
        }
    }

    private void deliverAll(WebSocket.Listener listener, WebSocket socket) {
        int missed = 1;
        do {
            Event event;
            while ((event = events.poll()) != null) {
                long size = event.size();
                try {
                    event.deliver(listener, socket);
                } catch (RuntimeException | Error e) {
                    // an Error too: left to unwind, it would leave this queue marked busy and the thread dead
                    owner.listenerFailed(e);
                }
                if (size > 0) {
                    UNDELIVERED.getAndAdd(this, -size);
                    owner.afterDelivery();
                }
                if (event.isMessage()) {
                    owner.afterMessage();
                }
            }
            missed = (int) WORK.getAndAdd(this, -missed) - missed;
        } while (missed != 0);
    }
}
