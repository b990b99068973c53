import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares an Autobahn|Testsuite report ({@code index.json}, as {@code wstest -m fuzzingclient} or
 * {@code fuzzingserver} writes it) with the expected results committed here, and fails when a case regressed.
 * A single-file program for the JDK's source launcher, with no dependencies:
 *
 * <pre>
 * java conformance/CheckReport.java conformance/expected-server.tsv reports/server-nio/index.json
 * java conformance/CheckReport.java --write conformance/expected-server.tsv reports/server-nio/index.json
 * </pre>
 *
 * <p>The expected file has one line per case: {@code case<TAB>behavior<TAB>behaviorClose}. A case regresses when
 * either outcome ranks below the expected one (OK, then NON-STRICT and INFORMATIONAL, then UNIMPLEMENTED, then
 * FAILED) or when it is missing from the report. A case that did better is reported as such, so the file can be
 * raised with {@code --write}. Exit status: 0 when nothing regressed, 1 when something did, 2 on bad input.
 */
public final class CheckReport {
    private CheckReport() {
    }

    public static void main(String[] args) throws IOException {
        boolean write = args.length == 3 && args[0].equals("--write");
        if (args.length != (write ? 3 : 2)) {
            System.err.println("usage: java CheckReport.java [--write] EXPECTED.tsv index.json");
            System.exit(2);
        }
        Path expectedFile = Path.of(args[write ? 1 : 0]);
        Map<String, Outcome> report = readReport(Path.of(args[write ? 2 : 1]));
        if (write) {
            writeExpected(expectedFile, report);
            System.out.println("wrote " + report.size() + " cases to " + expectedFile);
            return;
        }
        System.exit(compare(readExpected(expectedFile), report) ? 0 : 1);
    }

    /** The two verdicts the suite gives a case. */
    record Outcome(String behavior, String behaviorClose) {
        boolean isWorseThan(Outcome expected) {
            return rank(behavior) > rank(expected.behavior) || rank(behaviorClose) > rank(expected.behaviorClose);
        }

        boolean isBetterThan(Outcome expected) {
            return !isWorseThan(expected) && !equals(expected);
        }

        private static int rank(String verdict) {
            return switch (verdict) {
                case "OK" -> 0;
                case "NON-STRICT", "INFORMATIONAL" -> 1;
                case "UNIMPLEMENTED" -> 2;
                default -> 3;
            };
        }

        @Override
        public String toString() {
            return behavior + "/" + behaviorClose;
        }
    }

    static boolean compare(Map<String, Outcome> expected, Map<String, Outcome> report) {
        List<String> regressions = new ArrayList<>();
        List<String> improvements = new ArrayList<>();
        for (Map.Entry<String, Outcome> entry : expected.entrySet()) {
            Outcome got = report.get(entry.getKey());
            if (got == null) {
                regressions.add(entry.getKey() + ": missing from the report");
            } else if (got.isWorseThan(entry.getValue())) {
                regressions.add(entry.getKey() + ": expected " + entry.getValue() + ", got " + got);
            } else if (got.isBetterThan(entry.getValue())) {
                improvements.add(entry.getKey() + ": expected " + entry.getValue() + ", got " + got);
            }
        }
        improvements.forEach(line -> System.out.println("better   " + line));
        regressions.forEach(line -> System.out.println("REGRESSED " + line));
        long ok = report.values().stream().filter(o -> o.behavior.equals("OK") && o.behaviorClose.equals("OK"))
            .count();
        System.out.printf("%d cases in the report, %d OK in both verdicts; %d expected, %d regressed, %d better%n",
            report.size(), ok, expected.size(), regressions.size(), improvements.size());
        return regressions.isEmpty();
    }

    static Map<String, Outcome> readExpected(Path file) throws IOException {
        Map<String, Outcome> expected = new TreeMap<>(CASE_ORDER);
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields.length != 3) {
                throw new IllegalArgumentException("Expected case, behavior and behaviorClose: " + line);
            }
            expected.put(fields[0], new Outcome(fields[1], fields[2]));
        }
        return expected;
    }

    static void writeExpected(Path file, Map<String, Outcome> report) throws IOException {
        StringBuilder text = new StringBuilder("# case\tbehavior\tbehaviorClose (Autobahn|Testsuite verdicts)\n");
        report.forEach((id, outcome) -> text.append(id).append('\t').append(outcome.behavior).append('\t')
            .append(outcome.behaviorClose).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Reads the first agent's cases from the suite's index.json. */
    @SuppressWarnings("unchecked")
    static Map<String, Outcome> readReport(Path index) throws IOException {
        Object json = new Json(Files.readString(index, StandardCharsets.UTF_8)).value();
        Map<String, Object> agents = (Map<String, Object>) json;
        if (agents.size() != 1) {
            throw new IllegalArgumentException("Expected one agent in " + index + ", found " + agents.keySet());
        }
        Map<String, Object> cases = (Map<String, Object>) agents.values().iterator().next();
        Map<String, Outcome> report = new TreeMap<>(CASE_ORDER);
        cases.forEach((id, value) -> {
            Map<String, Object> fields = (Map<String, Object>) value;
            report.put(id, new Outcome((String) fields.get("behavior"), (String) fields.get("behaviorClose")));
        });
        return report;
    }

    /** Orders case ids such as 1.1.10 after 1.1.9. */
    static final Comparator<String> CASE_ORDER = (a, b) -> {
        String[] left = a.split("\\.");
        String[] right = b.split("\\.");
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int order = Integer.compare(Integer.parseInt(left[i]), Integer.parseInt(right[i]));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.length, right.length);
    };

    /** Just enough JSON (RFC 8259) for the suite's index: objects, arrays, strings, numbers, literals. */
    static final class Json {
        private final String text;
        private int at;

        Json(String text) {
            this.text = text;
        }

        Object value() {
            skipSpace();
            char c = text.charAt(at);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> members = new LinkedHashMap<>();
            at++;
            skipSpace();
            if (text.charAt(at) == '}') {
                at++;
                return members;
            }
            while (true) {
                skipSpace();
                String name = string();
                skipSpace();
                expect(':');
                members.put(name, value());
                skipSpace();
                if (text.charAt(at++) == '}') {
                    return members;
                }
            }
        }

        private List<Object> array() {
            List<Object> items = new ArrayList<>();
            at++;
            skipSpace();
            if (text.charAt(at) == ']') {
                at++;
                return items;
            }
            while (true) {
                items.add(value());
                skipSpace();
                if (text.charAt(at++) == ']') {
                    return items;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        private Object number() {
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return Double.parseDouble(text.substring(start, at));
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, at)) {
                throw new IllegalArgumentException("Bad JSON at " + at);
            }
            at += word.length();
            return value;
        }

        private void expect(char c) {
            if (text.charAt(at++) != c) {
                throw new IllegalArgumentException("Expected '" + c + "' at " + (at - 1));
            }
        }

        private void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
