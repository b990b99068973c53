package dev.wskit.transport.internal;

import dev.wskit.transport.WebSocket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers a connection's events in order and never concurrently: on whichever thread drains first, or on the
 * application's callback executor (a work-in-progress counter serializes the drainers without blocking
 * anyone). Counts the received bytes still waiting, for receive-side backpressure.
 */
final class EventQueue {
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger work = new AtomicInteger();
    private final AtomicLong undelivered = new AtomicLong();
    private final Executor executor;
    private final Runnable afterDelivery;
    private final Runnable afterMessage;

    /**
     * Creates a queue.
     *
     * @param executor where callbacks run, or {@code null} for the draining thread
     * @param afterDelivery called after each delivered event that held received bytes
     * @param afterMessage called after each delivered message event ({@link Event#isMessage()}), once the
     *     listener's callback has returned
     */
    EventQueue(Executor executor, Runnable afterDelivery, Runnable afterMessage) {
        this.executor = executor;
        this.afterDelivery = afterDelivery;
        this.afterMessage = afterMessage;
    }

    void add(Event event) {
        undelivered.addAndGet(event.size());
        events.add(event);
    }

    /** Returns the received bytes held by events not yet delivered. */
    long undeliveredBytes() {
        return undelivered.get();
    }

    /**
     * Delivers queued events unless another thread is delivering (it will deliver these too).
     *
     * @param listener the application's listener
     * @param socket the connection
     * @param onFailure called when a callback throws, with what it threw
     */
    void drain(WebSocket.Listener listener, WebSocket socket, Consumer<Throwable> onFailure) {
        if (events.isEmpty() || work.getAndIncrement() != 0) {
            return;
        }
        if (executor == null) {
            deliverAll(listener, socket, onFailure);
            return;
        }
        try {
            executor.execute(() -> deliverAll(listener, socket, onFailure));
        } catch (RejectedExecutionException e) {
            deliverAll(listener, socket, onFailure);
        }
    }

    private void deliverAll(WebSocket.Listener listener, WebSocket socket, Consumer<Throwable> onFailure) {
        int missed = 1;
        do {
            Event event;
            while ((event = events.poll()) != null) {
                long size = event.size();
                try {
                    event.deliver(listener, socket);
                } catch (RuntimeException | Error e) {
                    // an Error too: left to unwind, it would leave this queue marked busy and the thread dead
                    onFailure.accept(e);
                }
                if (size > 0) {
                    undelivered.addAndGet(-size);
                    afterDelivery.run();
                }
                if (event.isMessage()) {
                    afterMessage.run();
                }
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
