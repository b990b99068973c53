package dev.wskit.extensions.deflate;

import dev.wskit.codec.Opcode;
import dev.wskit.codec.Role;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures the memory that one open connection's permessage-deflate costs, for each setting.
 *
 * <p>Native memory: opens 800 server extensions (after 200 that warm up and stay open). Each has sent and
 * received 48 messages, about 96 KiB each way, which touches every page zlib allocated. zlib allocates with
 * malloc, outside the heap, so the growth of the process's resident set is the native cost.
 *
 * <p>Heap: the live heap after a GC, with and without 20,000 open extensions that have each sent and
 * received two messages.
 *
 * <p>Streams idle in the pools (at most 16 of each kind) are not counted per connection.
 *
 * <p>Not a test: run it by hand, one fresh JVM per setting, with a fixed, pre-touched heap so that heap growth
 * does not show in the resident set:
 * {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -XX:+UseG1GC -cp ... dev.wskit.extensions.deflate.MemoryFootprint N}
 * for N from 0 to 7 (no argument prints the table's header).
 */
public final class MemoryFootprint {
    private static final int HEAP_CONNECTIONS = 20_000;
    private static final int NATIVE_CONNECTIONS = 800;
    private static final int MESSAGES = 48;
    private static final byte[] MESSAGE = ("{\"type\":\"tick\",\"symbol\":\"WSKT\",\"price\":101.25,\"size\":300,"
        + "\"venue\":\"XNAS\",\"time\":\"2025-01-01T12:00:00Z\",\"seq\":1234567}").getBytes(StandardCharsets.UTF_8);

    private MemoryFootprint() {
    }

    /**
     * Prints one row of a Markdown table of bytes per connection, or the table's header. Run each setting
     * in a fresh JVM: memory that malloc got back from one setting would hide the next one's.
     *
     * @param args the setting's number, 0 to 7, or nothing for the header
     * @throws IOException when {@code /proc/self/status} cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.println("| setting (server side) | heap B/conn | native B/conn | total B/conn |");
            System.out.println("|---|---:|---:|---:|");
            return;
        }
        int setting = Integer.parseInt(args[0]);
        switch (setting) {
            case 0 -> measure("no context takeover either way (`lowMemory()`)", DeflateConfig.lowMemory(),
                both(true, true));
            case 1 -> measure("server keeps context, client does not", DeflateConfig.defaults(), both(false, true));
            case 2 -> measure("client keeps context, server does not", DeflateConfig.defaults(), both(true, false));
            case 3 -> measure("both keep context (`defaults()`)", DeflateConfig.defaults(), both(false, false));
            case 4 -> measure("both keep context, level 1", DeflateConfig.builder().level(1).build(),
                both(false, false));
            case 5 -> measure("both keep context, level 9", DeflateConfig.builder().level(9).build(),
                both(false, false));
            case 6 -> measure("both keep context, server_max_window_bits=9", DeflateConfig.defaults(),
                new DeflateParameters(false, false, 9, 0));
            case 7 -> measure("both keep context, threshold 4096 (no message compressed)",
                DeflateConfig.builder().threshold(4096).build(), both(false, false));
            default -> throw new IllegalArgumentException("No setting " + setting);
        }
    }

    private static DeflateParameters both(boolean serverResets, boolean clientResets) {
        return new DeflateParameters(serverResets, clientResets, 0, 0);
    }

    private static void measure(String setting, DeflateConfig config, DeflateParameters agreed) throws IOException {
        try (PerMessageDeflate deflate = new PerMessageDeflate(config)) {
            List<byte[]> traffic = traffic(agreed);
            List<DeflateExtension> warm = open(deflate, agreed, NATIVE_CONNECTIONS / 4, traffic);
            settle();
            long rssBefore = residentBytes();
            List<DeflateExtension> busy = open(deflate, agreed, NATIVE_CONNECTIONS, traffic);
            long rss = Math.max(0, residentBytes() - rssBefore) / NATIVE_CONNECTIONS;
            List<DeflateExtension> light = open(deflate, agreed, HEAP_CONNECTIONS, traffic.subList(0, 2));
            settle();
            long heapWith = heapUsed();
            light.forEach(DeflateExtension::close);
            light.clear();
            settle();
            long heap = (heapWith - heapUsed()) / HEAP_CONNECTIONS;
            System.out.printf("| %s | %,d | %,d | %,d |%n", setting, heap, rss, heap + rss);
            busy.forEach(DeflateExtension::close);
            warm.forEach(DeflateExtension::close);
        }
    }

    /** Opens server extensions that each send the messages and receive them as the client compressed them. */
    private static List<DeflateExtension> open(PerMessageDeflate deflate, DeflateParameters agreed, int count,
                                               List<byte[]> compressed) {
        List<DeflateExtension> open = new ArrayList<>(count);
        Wire.Collector sink = new Wire.Collector();
        for (int i = 0; i < count; i++) {
            DeflateExtension extension = deflate.extension(agreed, Role.SERVER);
            for (int m = 0; m < compressed.size(); m++) {
                byte[] message = message(m);
                if (extension.encoder().startMessage(Opcode.TEXT, message.length) != 0) {
                    extension.encoder().encode(ByteBuffer.wrap(message), true, sink);
                }
                extension.decoder().onFrameHeader(true, 0b100);
                extension.decoder().decode(ByteBuffer.wrap(compressed.get(m)), sink);
                extension.decoder().endMessage(sink);
                sink.take();
            }
            open.add(extension);
        }
        return open;
    }

    /** Enough varied messages (over 64 KiB) to fill every window and table zlib allocated. */
    private static List<byte[]> traffic(DeflateParameters agreed) {
        try (PerMessageDeflate client = new PerMessageDeflate(DeflateConfig.builder().threshold(0).build());
             DeflateExtension extension = client.extension(agreed, Role.CLIENT)) {
            List<byte[]> compressed = new ArrayList<>();
            for (int m = 0; m < MESSAGES; m++) {
                compressed.add(MessageDeflaterTest.encode(extension.encoder(), message(m)));
            }
            return compressed;
        }
    }

    private static byte[] message(int index) {
        if (index == 0) {
            return MESSAGE;
        }
        StringBuilder text = new StringBuilder();
        Random random = new Random(index);
        while (text.length() < 2048) {
            text.append("{\"seq\":").append(random.nextInt()).append(",\"price\":").append(random.nextDouble())
                .append("}\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void settle() {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.onSpinWait();
        }
    }

    private static long heapUsed() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("No VmRSS in /proc/self/status");
    }
}
