package dev.wskit.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;

/**
 * Interop: Node's {@code ws} library against wskit on every transport, through {@code interop/ws_peer.js},
 * with perMessageDeflate on (threshold 0, so even empty messages are compressed) and off. The test installs
 * {@code ws} itself with npm into the build directory ({@code target/node-ws}) the first time; it is skipped,
 * loudly, when Node or npm is missing or npm cannot fetch the package in time.
 */
class NodeWsInteropTest extends ScriptedPeerInterop {
    private static final Duration NPM_TIMEOUT = Duration.ofSeconds(60);
    private static String node;
    private static Path modules;
    private static String missing;

    @BeforeAll
    static void installWs() throws IOException, InterruptedException {
        missing = install();
        if (missing != null) {
            System.err.println("*** SKIPPED NodeWsInteropTest: " + missing + " ***");
        }
    }

    /** Finds Node and installs {@code ws} where missing; returns why the peer cannot run, or null. */
    private static String install() throws IOException, InterruptedException {
        node = PeerProcess.runs(Duration.ofSeconds(20), "node", "--version") ? "node"
            : PeerProcess.runs(Duration.ofSeconds(20), "nodejs", "--version") ? "nodejs" : null;
        if (node == null) {
            return "node is not installed (apt-get install nodejs npm)";
        }
        Path prefix = PeerProcess.buildDirectory().resolve("node-ws");
        modules = prefix.resolve("node_modules");
        Path installed = modules.resolve("ws").resolve("package.json");
        if (Files.exists(installed)) {
            return null;
        }
        if (!PeerProcess.runs(Duration.ofSeconds(20), "npm", "--version")) {
            return "npm is not installed (apt-get install npm)";
        }
        Files.createDirectories(prefix);
        Path log = prefix.resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "install", "--prefix", prefix.toString(), "--no-audit", "--no-fund",
            "--fetch-retries=0", "--fetch-timeout=20000", "ws@8")
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            return "npm install ws did not finish within " + NPM_TIMEOUT.toSeconds() + " s; see " + log;
        }
        if (npm.exitValue() != 0 || !Files.exists(installed)) {
            return "npm install ws failed with status " + npm.exitValue() + "; see " + log;
        }
        return null;
    }

    @Override
    String missing() {
        return missing;
    }

    @Override
    List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(node, PeerProcess.script("ws_peer.js").toString()));
        command.addAll(arguments);
        return command;
    }

    @Override
    Map<String, String> environment() {
        return Map.of("NODE_PATH", modules.toString());
    }

    @Override
    boolean reportsPings() {
        return true;
    }
}
