package dev.wskit.transport.nio;

import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client side of {@link ScaleTest}, in a process of its own so that each side stays within the file
 * descriptor limit: opens many connections over the {@code nio} transport, then on command sends one message
 * on each and counts the echoes, then closes them all. Speaks to the test in lines on stdin and stdout.
 */
final class ScaleClient {
    private static final int IN_FLIGHT = 256;

    private ScaleClient() {
    }

    /**
     * Runs the client.
     *
     * @param args the server's port and the number of connections
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        AtomicInteger echoes = new AtomicInteger();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public void onText(WebSocket socket, String text) {
                echoes.incrementAndGet();
            }
        };
        long before = usedHeapAfterGc();
        WebSocket[] sockets = open(port, count, listener);
        System.out.println("OPEN " + count + " " + (usedHeapAfterGc() - before) / count);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        expect(commands, "SEND");
        for (int i = 0; i < count; i++) {
            sockets[i].sendText("message " + i);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (echoes.get() < count && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        System.out.println("ECHOED " + echoes.get());
        expect(commands, "QUIT");
        CompletableFuture<?>[] closing = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            closing[i] = sockets[i].close(1000, "");
        }
        CompletableFuture.allOf(closing).get(120, TimeUnit.SECONDS);
        System.out.println("CLOSED");
    }

    private static WebSocket[] open(int port, int count, WebSocket.Listener listener) throws Exception {
        WebSocketClient client = WebSocketClient.create(ClientConfig.builder().transport(Transports.nio()).build());
        URI uri = URI.create("ws://127.0.0.1:" + port + "/");
        WebSocket[] sockets = new WebSocket[count];
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            int index = i;
            client.connect(uri, listener).whenComplete((socket, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else {
                    sockets[index] = socket;
                }
                inFlight.release();
                done.countDown();
            });
        }
        if (!done.await(60, TimeUnit.SECONDS) || failure.get() != null) {
            Object why = failure.get() != null ? failure.get() : done.getCount() + " connects pending";
            System.out.println("FAIL " + why);
            System.exit(1);
        }
        return sockets;
    }

    private static void expect(BufferedReader commands, String command) throws Exception {
        String line = commands.readLine();
        if (!command.equals(line)) {
            System.out.println("FAIL expected " + command + " but was " + line);
            System.exit(1);
        }
    }

    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
