package dev.wskit.benchmarks.compare;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The machine the comparison ran on, for the reports' titles. Immutable.
 *
 * @param cores the processors the JVM sees
 * @param memoryBytes the physical memory
 * @param cpu the processor's model name, or {@code unknown CPU}
 * @param jdk the JDK's vendor and version
 * @param os the operating system, version and architecture
 */
public record Machine(int cores, long memoryBytes, String cpu, String jdk, String os) {

    /**
     * Describes this machine (the orchestrator's; the servers and load run on the same one and JDK).
     *
     * @return the description
     */
    public static Machine describe() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
            ? os.getTotalMemorySize() : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, cpuModel(),
            System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
            System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
    }

    /**
     * Describes the machine in one line.
     *
     * @return such as {@code 2 cores (AMD EPYC), 23.5 GiB, JDK Eclipse Adoptium 25+36-LTS, Linux 6.8.0 amd64}
     */
    public String label() {
        String memory = memoryBytes < 0 ? "unknown memory"
            : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / (1024.0 * 1024 * 1024));
        return cores + (cores == 1 ? " core" : " cores") + " (" + cpu + "), " + memory + ", JDK " + jdk + ", " + os;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }
}
