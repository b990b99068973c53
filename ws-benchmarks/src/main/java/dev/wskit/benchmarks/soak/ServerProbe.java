package dev.wskit.benchmarks.soak;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Reads this process's own figures for a sample: heap after full collections, resident set size, Native Memory
 * Tracking's committed total (through the diagnostic command MBean, the same command {@code jcmd PID
 * VM.native_memory summary} runs), live platform threads and open file descriptors. Runs in the server's JVM.
 * Stateless and thread-safe.
 */
final class ServerProbe {
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private ServerProbe() {
    }

    /**
     * Takes a reading, collecting garbage first.
     *
     * @param open the connections the server has open
     * @return the fields of a {@link Sample}, with no cycle or rate
     */
    static Sample read(long open) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return new Sample(0, memory.getHeapMemoryUsage().getUsed(), residentBytes(), nativeCommittedBytes(),
            ManagementFactory.getThreadMXBean().getThreadCount(), openFds(), open, 0);
    }

    private static long residentBytes() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                .findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Asks Native Memory Tracking for its summary and reads the committed total.
     *
     * @return the committed bytes, or -1 when tracking is off (the JVM needs
     *     {@code -XX:NativeMemoryTracking=summary})
     */
    static long nativeCommittedBytes() {
        try {
            Object summary = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            Matcher total = NMT_TOTAL.matcher(String.valueOf(summary));
            return total.find() ? Long.parseLong(total.group(2)) * 1024 : -1;
        } catch (JMException | RuntimeException e) {
            return -1;
        }
    }
}
