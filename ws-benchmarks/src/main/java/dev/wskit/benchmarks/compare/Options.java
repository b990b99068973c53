package dev.wskit.benchmarks.compare;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options: {@code --name value} for the names given as valued, {@code --flag} for the rest.
 * Immutable once parsed.
 */
public final class Options {
    private final Map<String, String> values;
    private final Set<String> flags;

    private Options(Map<String, String> values, Set<String> flags) {
        this.values = values;
        this.flags = flags;
    }

    /**
     * Parses arguments.
     *
     * @param args the arguments
     * @param valued the option names that take a value
     * @param known the flag names
     * @return the options
     * @throws IllegalArgumentException for an unknown option, a missing value or a stray argument
     */
    public static Options parse(String[] args, Set<String> valued, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        Set<String> flags = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (valued.contains(name) && i + 1 < args.length) {
                values.put(name, args[++i]);
            } else if (known.contains(name)) {
                flags.add(name);
            } else {
                throw new IllegalArgumentException("Unknown or incomplete option: " + args[i]);
            }
        }
        return new Options(values, flags);
    }

    /**
     * Tells whether a flag was given.
     *
     * @param flag the flag's name
     * @return true when given
     */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /**
     * Returns an option's value.
     *
     * @param name the option's name
     * @param fallback the value when not given
     * @return the value
     */
    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /**
     * Returns an option's value, which must be given.
     *
     * @param name the option's name
     * @return the value
     * @throws IllegalArgumentException when not given
     */
    public String require(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("Missing option --" + name);
        }
        return value;
    }

    /**
     * Returns an option's integer value.
     *
     * @param name the option's name
     * @param fallback the value when not given
     * @return the value
     * @throws NumberFormatException when not an integer
     */
    public int intValue(String name, int fallback) {
        String value = values.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    /**
     * Returns an option's long value, which must be given.
     *
     * @param name the option's name
     * @return the value
     * @throws IllegalArgumentException when not given or not a number
     */
    public long longValue(String name) {
        return Long.parseLong(require(name));
    }
}
