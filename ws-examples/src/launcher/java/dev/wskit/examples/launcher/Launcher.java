package dev.wskit.examples.launcher;

import java.lang.reflect.InvocationTargetException;

/**
 * The jar's entry point, compiled for Java 11 so that an older {@code java} gets a clear message instead of
 * an {@code UnsupportedClassVersionError}; on Java 21 or newer it hands over to the examples' main class.
 */
public final class Launcher {
    private static final int REQUIRED = 21;

    private Launcher() {
    }

    /**
     * Checks the Java version, then runs the examples.
     *
     * @param args the subcommand and its options
     * @throws Exception when the examples' main class cannot be started
     */
    public static void main(String[] args) throws Exception {
        int feature = Runtime.version().feature();
        if (feature < REQUIRED) {
            System.err.println("wskit-examples needs Java " + REQUIRED + " or newer, and this is Java " + feature
                + ". From the repository, run it with the JDK that ./mvnw finds:");
            System.err.println("  $(./mvnw --java) -jar ws-examples/target/wskit-examples.jar ...");
            System.exit(1);
        }
        try {
            Class.forName("dev.wskit.examples.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }
}
