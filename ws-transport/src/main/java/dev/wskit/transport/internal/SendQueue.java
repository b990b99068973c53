package dev.wskit.transport.internal;

import dev.wskit.codec.engine.WebSocketEngine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The messages a connection has accepted but not yet written, in order, and the accounting behind
 * {@code bufferedAmount}. Guarded by the connection's lock, except the counter, which any thread reads.
 */
final class SendQueue {
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    private final List<Outgoing> framed = new ArrayList<>();
    private final AtomicLong buffered = new AtomicLong();
    private final long maxBuffered;
    private Outgoing inEngine;

    SendQueue(long maxBuffered) {
        this.maxBuffered = maxBuffered;
    }

    /**
     * Accepts a send, or refuses it when the queue would pass its limit.
     *
     * @return false when refused
     */
    boolean add(Outgoing send) {
        if (buffered.get() + send.size() > maxBuffered && send.size() > 0) {
            return false;
        }
        buffered.addAndGet(send.size());
        waiting.add(send);
        return true;
    }

    /** Counts a control frame that went straight to the engine; its future completes at the next flush. */
    void addControl(Outgoing send) {
        buffered.addAndGet(send.size());
        framed.add(send);
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    long bufferedAmount() {
        return buffered.get();
    }

    /**
     * Moves waiting sends into the engine while it takes them; sends that the engine refuses outright (the
     * connection closing) fail.
     */
    void pump(WebSocketEngine engine, List<Runnable> completions) {
        while (true) {
            if (inEngine != null) {
                if (!engine.isReadyForData()) {
                    return;
                }
                framed.add(inEngine);
                inEngine = null;
            }
            Outgoing next = waiting.peek();
            if (next == null) {
                return;
            }
            try {
                if (!next.offerTo(engine)) {
                    return;
                }
                waiting.poll();
                if (next instanceof Outgoing.Close) {
                    framed.add(next);
                } else {
                    inEngine = next;
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                waiting.poll();
                buffered.addAndGet(-next.size());
                completions.add(() -> next.done().completeExceptionally(e));
            }
        }
    }

    /** Everything produced so far is on the wire: completes the sends fully framed before now. */
    void flushed(List<Runnable> completions) {
        for (Outgoing send : framed) {
            buffered.addAndGet(-send.size());
            if (!(send instanceof Outgoing.Close)) {
                completions.add(() -> send.done().complete(null));
            }
        }
        framed.clear();
    }

    /** The connection ended: every send not yet written fails. */
    void failAll(Throwable cause, List<Runnable> completions) {
        List<Outgoing> unsent = new ArrayList<>(waiting);
        unsent.addAll(framed);
        if (inEngine != null) {
            unsent.add(inEngine);
        }
        waiting.clear();
        framed.clear();
        inEngine = null;
        for (Outgoing send : unsent) {
            buffered.addAndGet(-send.size());
            if (!(send instanceof Outgoing.Close)) {
                completions.add(() -> send.done().completeExceptionally(cause));
            }
        }
    }
}
