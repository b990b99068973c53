package dev.wskit.handshake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The header fields of an HTTP/1.1 head (RFC 9110 §5), in the order received, with names matched without
 * regard to ASCII case (§5.1) and repeated fields combined into one comma-separated list on request (§5.3).
 *
 * <p>Names are tokens and values hold only HTAB, SP, visible ASCII and obs-text, without leading or trailing
 * whitespace, so that a head built from them cannot smuggle a line break. Immutable and thread-safe.
 */
public final class HttpHeaders {
    /** No header fields. */
    public static final HttpHeaders EMPTY = new HttpHeaders(new String[0], 0);

    /** Names at even indexes, each followed by its value. */
    private final String[] fields;
    private final int size;

    /**
     * Wraps checked fields without copying them; the array must not change afterwards.
     *
     * @param fields names and values alternating
     * @param size the number of fields used
     */
    HttpHeaders(String[] fields, int size) {
        this.fields = fields;
        this.size = size;
    }

    /**
     * Returns header fields from names and values given in turn.
     *
     * @param namesAndValues a name, its value, the next name, its value, ...
     * @return the header fields in the order given
     * @throws IllegalArgumentException when the count is odd or a name or value is invalid
     */
    public static HttpHeaders of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Names and values must come in pairs: " + namesAndValues.length);
        }
        Builder builder = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return builder.build();
    }

    /**
     * Starts an empty builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding these fields, to add more.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        for (int i = 0; i < size; i++) {
            builder.add(name(i), value(i));
        }
        return builder;
    }

    /**
     * Returns the number of field lines.
     *
     * @return the count, repeated names counted each time
     */
    public int size() {
        return size;
    }

    /**
     * Returns the name of a field line, as it was spelled.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the name
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public String name(int index) {
        return fields[2 * Objects.checkIndex(index, size)];
    }

    /**
     * Returns the value of a field line.
     *
     * @param index from 0 to {@code size() - 1}
     * @return the value, without leading or trailing whitespace
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    public String value(int index) {
        return fields[2 * Objects.checkIndex(index, size) + 1];
    }

    /**
     * Tells whether a field is present.
     *
     * @param name the field name, in any case
     * @return true when at least one line has this name
     */
    public boolean contains(String name) {
        return indexOf(name, 0) >= 0;
    }

    /**
     * Counts the lines of a field.
     *
     * @param name the field name, in any case
     * @return how many lines have this name
     */
    public int count(String name) {
        int count = 0;
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            count++;
        }
        return count;
    }

    /**
     * Returns the value of the first line of a field.
     *
     * @param name the field name, in any case
     * @return the value, or empty when the field is absent
     */
    public Optional<String> first(String name) {
        return Optional.ofNullable(firstOrNull(name));
    }

    /**
     * Returns a field's value with its lines combined in order, separated by {@code ", "} (RFC 9110 §5.3).
     *
     * @param name the field name, in any case
     * @return the combined value, or empty when the field is absent
     */
    public Optional<String> get(String name) {
        return Optional.ofNullable(combinedOrNull(name));
    }

    /**
     * Returns the values of every line of a field, in order.
     *
     * @param name the field name, in any case
     * @return the values, empty when the field is absent
     */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            values.add(fields[2 * i + 1]);
        }
        return List.copyOf(values);
    }

    /**
     * Tells whether a list-valued field holds a token among its elements on any of its lines, ignoring case
     * (RFC 9110 §5.6.1), as {@code Connection: keep-alive, Upgrade} holds {@code upgrade}.
     *
     * @param name the field name, in any case
     * @param token the element to look for
     * @return true when found
     */
    public boolean containsToken(String name, String token) {
        for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
            if (Tokens.listContains(fields[2 * i + 1], token)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Calls an action for each field line in order.
     *
     * @param action receives each name and value
     */
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(fields[2 * i], fields[2 * i + 1]);
        }
    }

    /**
     * Finds the next line with a name.
     *
     * @param name the field name, in any case
     * @param from the first line index to look at
     * @return the line index, or -1
     */
    int indexOf(String name, int from) {
        for (int i = from; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the first value of a field without wrapping it.
     *
     * @param name the field name, in any case
     * @return the value, or {@code null}
     */
    String firstOrNull(String name) {
        int index = indexOf(name, 0);
        return index < 0 ? null : fields[2 * index + 1];
    }

    /**
     * Returns the combined value of a field without wrapping it; one line's value is returned as is.
     *
     * @param name the field name, in any case
     * @return the value, or {@code null}
     */
    String combinedOrNull(String name) {
        int index = indexOf(name, 0);
        if (index < 0) {
            return null;
        }
        String value = fields[2 * index + 1];
        for (int i = indexOf(name, index + 1); i >= 0; i = indexOf(name, i + 1)) {
            value = value + ", " + fields[2 * i + 1];
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof HttpHeaders that) || that.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!fields[2 * i].equalsIgnoreCase(that.fields[2 * i])
                || !fields[2 * i + 1].equals(that.fields[2 * i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = size;
        for (int i = 0; i < size; i++) {
            hash = 31 * hash + fields[2 * i].toLowerCase(Locale.ROOT).hashCode();
            hash = 31 * hash + fields[2 * i + 1].hashCode();
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            out.append(i == 0 ? "" : ", ").append(fields[2 * i]).append(": ").append(fields[2 * i + 1]);
        }
        return out.append('}').toString();
    }

    /** Builds {@link HttpHeaders}, checking each field as it is added. Not thread-safe. */
    public static final class Builder {
        private String[] fields = new String[16];
        private int size;

        private Builder() {
        }

        /**
         * Appends a field line.
         *
         * @param name a token (RFC 9110 §5.1)
         * @param value HTAB, SP, visible ASCII or obs-text, without leading or trailing whitespace (§5.5)
         * @return this builder
         * @throws IllegalArgumentException when the name or value is invalid
         */
        public Builder add(String name, String value) {
            Tokens.requireToken(name, "Header name");
            requireFieldValue(name, Objects.requireNonNull(value, "value"));
            if (2 * size + 2 > fields.length) {
                fields = Arrays.copyOf(fields, 2 * fields.length);
            }
            fields[2 * size] = name;
            fields[2 * size + 1] = value;
            size++;
            return this;
        }

        /**
         * Appends every line of other header fields.
         *
         * @param headers the fields to append
         * @return this builder
         */
        public Builder addAll(HttpHeaders headers) {
            headers.forEach(this::add);
            return this;
        }

        /**
         * Returns the header fields added so far.
         *
         * @return the header fields
         */
        public HttpHeaders build() {
            return new HttpHeaders(Arrays.copyOf(fields, 2 * size), size);
        }

        private static void requireFieldValue(String name, String value) {
            for (int i = 0; i < value.length(); i++) {
                // RFC 9110 §5.5: CR, LF and NUL in a field value are invalid and dangerous
                if (!Tokens.isFieldChar(value.charAt(i))) {
                    throw new IllegalArgumentException(
                        "Invalid character in value of " + name + ": " + Tokens.quote(value));
                }
            }
            if (!value.isEmpty()
                && (Tokens.isOws(value.charAt(0)) || Tokens.isOws(value.charAt(value.length() - 1)))) {
                throw new IllegalArgumentException(
                    "Value of " + name + " has leading or trailing whitespace: " + Tokens.quote(value));
            }
        }
    }
}
