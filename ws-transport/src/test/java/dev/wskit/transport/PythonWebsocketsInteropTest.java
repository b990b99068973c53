package dev.wskit.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Interop: python's {@code websockets} library (Debian's {@code python3-websockets}, which {@code .ci/run}
 * installs) against wskit on every transport, through {@code interop/websockets_peer.py}. websockets offers and
 * accepts permessage-deflate by default, with windows of its own choosing. Skipped, loudly, when no
 * {@code python3} can import websockets.
 */
class PythonWebsocketsInteropTest extends ScriptedPeerInterop {
    private static String python;
    private static String missing;

    @BeforeAll
    static void findPython() {
        // a pyenv or virtualenv python3 on the PATH may lack the Debian package that /usr/bin/python3 has
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            if (PeerProcess.runs(Duration.ofSeconds(20), candidate, "-c", "import websockets")) {
                python = candidate;
                return;
            }
        }
        missing = "no python3 can import websockets (apt-get install python3-websockets; .ci/run installs it)";
        System.err.println("*** SKIPPED PythonWebsocketsInteropTest: " + missing + " ***");
    }

    @Override
    String missing() {
        return missing;
    }

    @Override
    List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(python, PeerProcess.script("websockets_peer.py").toString()));
        command.addAll(arguments);
        return command;
    }

    @Override
    boolean reportsPings() {
        return false;
    }
}
