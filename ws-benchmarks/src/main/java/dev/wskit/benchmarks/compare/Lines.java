package dev.wskit.benchmarks.compare;

import java.util.HashMap;
import java.util.Map;

/** Reads the {@code key=value} fields of the processes' protocol lines. Stateless. */
public final class Lines {
    private Lines() {
    }

    /**
     * Collects a line's {@code key=value} fields; a {@code note=} field takes the rest of the line.
     *
     * @param line such as {@code HOLDING idle:0:2000 opened=2000 note=too many open files}
     * @return the fields by key (words without '=' are skipped)
     */
    public static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        int note = line.indexOf(" note=");
        String head = note < 0 ? line : line.substring(0, note);
        for (String word : head.split(" +")) {
            int equals = word.indexOf('=');
            if (equals > 0) {
                fields.put(word.substring(0, equals), word.substring(equals + 1));
            }
        }
        if (note >= 0) {
            fields.put("note", line.substring(note + " note=".length()));
        }
        return fields;
    }

    /**
     * Merges two lines' fields.
     *
     * @param first fields
     * @param second more fields, winning on a shared key
     * @return the merged fields
     */
    public static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new HashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
