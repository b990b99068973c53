package dev.wskit.transport.internal;

import dev.wskit.transport.WebSocket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Delivers a connection's events in order and never concurrently, on whichever thread drains first (a
 * work-in-progress counter serializes the drainers without blocking anyone).
 */
final class EventQueue {
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger work = new AtomicInteger();

    void add(Event event) {
        events.add(event);
    }

    /**
     * Delivers queued events unless another thread is delivering (it will deliver these too).
     *
     * @param listener the application's listener
     * @param socket the connection
     * @param onFailure called when a callback throws, with what it threw
     */
    void drain(WebSocket.Listener listener, WebSocket socket, Consumer<RuntimeException> onFailure) {
        if (work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Event event;
            while ((event = events.poll()) != null) {
                try {
                    event.deliver(listener, socket);
                } catch (RuntimeException e) {
                    onFailure.accept(e);
                }
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }
}
