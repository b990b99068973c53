package dev.wskit.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a subcommand: {@code --name value} options, {@code --flag} switches and positional
 * arguments, checked against what the subcommand knows, so a typo is an error and not silently ignored.
 */
final class Options {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Options() {
    }

    /**
     * Parses arguments.
     *
     * @param args the arguments after the subcommand
     * @param valued option names that take a value (without the leading dashes)
     * @param flags option names that take none
     * @return the parsed options
     * @throws UsageException on an unknown option or a missing value
     */
    static Options parse(String[] args, Set<String> valued, Set<String> flags) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                options.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String inlineValue = null;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                inlineValue = name.substring(equals + 1);
                name = name.substring(0, equals);
            }
            if (flags.contains(name) && inlineValue == null) {
                options.values.computeIfAbsent(name, key -> new ArrayList<>()).add("true");
            } else if (valued.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("Option --" + name + " needs a value");
                    }
                    value = args[++i];
                }
                options.values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("Unknown option: --" + name);
            }
        }
        return options;
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
