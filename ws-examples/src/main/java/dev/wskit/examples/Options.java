package dev.wskit.examples;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a subcommand: {@code --name value} options, {@code --flag} switches, their one-letter
 * aliases ({@code -H value}, {@code -n}) and positional arguments, checked against what the subcommand knows,
 * so a typo is an error and not silently ignored. After {@code --} every argument is positional. Not
 * thread-safe; parse once, then read.
 */
final class Options {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Options() {
    }

    /**
     * Parses arguments that have no one-letter aliases.
     *
     * @param args the arguments after the subcommand
     * @param valued option names that take a value (without the leading dashes)
     * @param flags option names that take none
     * @return the parsed options
     * @throws UsageException on an unknown option or a missing value
     */
    static Options parse(String[] args, Set<String> valued, Set<String> flags) {
        return parse(args, valued, flags, Map.of());
    }

    /**
     * Parses arguments.
     *
     * @param args the arguments after the subcommand
     * @param valued option names that take a value (without the leading dashes)
     * @param flags option names that take none
     * @param aliases one-letter aliases ({@code 'H'}) to the option names they stand for ({@code "header"})
     * @return the parsed options
     * @throws UsageException on an unknown option or a missing value
     */
    static Options parse(String[] args, Set<String> valued, Set<String> flags, Map<Character, String> aliases) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                options.positional.addAll(List.of(args).subList(i + 1, args.length));
                break;
            }
            String name;
            String inlineValue = null;
            if (arg.startsWith("--")) {
                name = arg.substring(2);
                int equals = name.indexOf('=');
                if (equals >= 0) {
                    inlineValue = name.substring(equals + 1);
                    name = name.substring(0, equals);
                }
            } else if (arg.length() == 2 && arg.charAt(0) == '-' && arg.charAt(1) != '-') {
                name = aliases.get(arg.charAt(1));
                if (name == null) {
                    throw new UsageException("Unknown option: " + arg);
                }
            } else {
                options.positional.add(arg);
                continue;
            }
            if (flags.contains(name) && inlineValue == null) {
                options.add(name, "true");
            } else if (valued.contains(name)) {
                if (inlineValue == null && i + 1 >= args.length) {
                    throw new UsageException("Option " + arg + " needs a value");
                }
                options.add(name, inlineValue != null ? inlineValue : args[++i]);
            } else {
                throw new UsageException("Unknown option: --" + name);
            }
        }
        return options;
    }

    private void add(String name, String value) {
        values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        List<String> list = values.get(name);
        return list == null ? fallback : list.get(list.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    int port(int fallback) {
        String text = get("port", Integer.toString(fallback));
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new UsageException("Port out of range 0-65535: " + text);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("Port is not a number: " + text);
        }
    }

    int intValue(String name, int fallback) {
        String text = get(name, Integer.toString(fallback));
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " is not a number: " + text);
        }
    }

    /**
     * Reads a duration given in seconds, fractions allowed ({@code 2.5}).
     *
     * @param name the option's name
     * @param fallback the duration when the option is absent
     * @return the duration, zero or more
     * @throws UsageException when the value is not a number of seconds or is negative
     */
    Duration seconds(String name, Duration fallback) {
        if (!has(name)) {
            return fallback;
        }
        String text = get(name, null);
        try {
            BigDecimal seconds = new BigDecimal(text);
            if (seconds.signum() < 0) {
                throw new UsageException("--" + name + " is negative: " + text);
            }
            return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UsageException("--" + name + " is not a number of seconds: " + text);
        }
    }

    List<String> positional() {
        return positional;
    }

    /** A command line that does not make sense: reported with the usage, exit status 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
