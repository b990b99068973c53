package dev.wskit.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version, as Maven wrote it into {@code version.properties} at build time, for {@code --version}. */
final class Version {
    private Version() {
    }

    /**
     * Returns the line {@code --version} prints.
     *
     * @return {@code "wskit-examples VERSION"}
     */
    static String line() {
        return "wskit-examples " + number();
    }

    /**
     * Returns the project version, such as {@code 0.1.0-SNAPSHOT}.
     *
     * @return the version, or {@code "unknown"} when the resource is missing (a build without resources)
     */
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
