package dev.wskit.handshake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension's name and its
 * parameters, as a client offers it or a server accepts it. A header may hold several extensions and several
 * offers of one extension, in order of preference.
 *
 * <p>Names, parameter names and parameter values are tokens (§9.1: a quoted value, once unquoted, MUST be a
 * token too), so {@link #format()} never needs quotes. Immutable and thread-safe.
 *
 * @param name the extension's registered token, such as {@code permessage-deflate}
 * @param parameters the parameters in order
 */
public record ExtensionOffer(String name, List<Parameter> parameters) {
    private static final String HEADER = "Sec-WebSocket-Extensions";

    /**
     * Checks the name and copies the parameters.
     *
     * @throws IllegalArgumentException when the name is not a token
     */
    public ExtensionOffer {
        Tokens.requireToken(name, "Extension name");
        parameters = List.copyOf(parameters);
    }

    /**
     * One parameter of an extension (§9.1): {@code name} or {@code name=value}.
     *
     * @param name the parameter's token
     * @param value its token value, or {@code null} when the parameter has no value
     */
    public record Parameter(String name, String value) {
        /**
         * Checks the tokens.
         *
         * @throws IllegalArgumentException when the name or a value is not a token
         */
        public Parameter {
            Tokens.requireToken(name, "Extension parameter name");
            if (value != null) {
                Tokens.requireToken(value, "Value of extension parameter " + name);
            }
        }

        /**
         * Returns a parameter without a value.
         *
         * @param name the parameter's token
         * @return the parameter
         */
        public static Parameter of(String name) {
            return new Parameter(name, null);
        }

        /**
         * Returns a parameter with a value.
         *
         * @param name the parameter's token
         * @param value its token value
         * @return the parameter
         */
        public static Parameter of(String name, String value) {
            return new Parameter(name, Objects.requireNonNull(value, "value"));
        }

        /**
         * Returns the value, if any.
         *
         * @return the value, or empty for a parameter without one
         */
        public Optional<String> optionalValue() {
            return Optional.ofNullable(value);
        }

        /**
         * Formats the parameter as it appears in the header.
         *
         * @return {@code name} or {@code name=value}
         */
        public String format() {
            return value == null ? name : name + '=' + value;
        }
    }

    /**
     * Returns an offer.
     *
     * @param name the extension's token
     * @param parameters its parameters in order
     * @return the offer
     * @throws IllegalArgumentException when the name is not a token
     */
    public static ExtensionOffer of(String name, Parameter... parameters) {
        return new ExtensionOffer(name, Arrays.asList(parameters));
    }

    /**
     * Parses a {@code Sec-WebSocket-Extensions} value (§9.1), with the lines of a repeated header combined by
     * commas. Whitespace around separators and empty list elements are accepted (RFC 9110 §5.6.1);
     * quoted-string values are unquoted.
     *
     * @param headerValue the header's value
     * @return the extensions in order, never empty
     * @throws IllegalArgumentException when the value breaks the grammar, saying what was expected where
     */
    public static List<ExtensionOffer> parse(String headerValue) {
        return List.copyOf(new HeaderCursor(HEADER, headerValue).list(ExtensionOffer::readOffer));
    }

    /**
     * Formats offers as a {@code Sec-WebSocket-Extensions} value.
     *
     * @param offers the extensions in order
     * @return such as {@code permessage-deflate; client_max_window_bits, x-foo}
     * @throws IllegalArgumentException when the list is empty
     */
    public static String format(List<ExtensionOffer> offers) {
        if (offers.isEmpty()) {
            throw new IllegalArgumentException("No extension to format");
        }
        StringBuilder out = new StringBuilder();
        for (ExtensionOffer offer : offers) {
            offer.appendTo(out.isEmpty() ? out : out.append(", "));
        }
        return out.toString();
    }

    /**
     * Formats this extension as one element of the header.
     *
     * @return such as {@code permessage-deflate; client_max_window_bits=15}
     */
    public String format() {
        return appendTo(new StringBuilder()).toString();
    }

    /**
     * Returns the first parameter with a name, ignoring ASCII case.
     *
     * @param name the parameter name
     * @return the parameter, or empty when absent
     */
    public Optional<Parameter> parameter(String name) {
        for (Parameter parameter : parameters) {
            if (parameter.name().equalsIgnoreCase(name)) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether this is an offer of a named extension, ignoring ASCII case.
     *
     * @param extensionName the extension's token
     * @return true when the names match
     */
    public boolean isNamed(String extensionName) {
        return name.equalsIgnoreCase(extensionName);
    }

    @Override
    public String toString() {
        return format();
    }

    private StringBuilder appendTo(StringBuilder out) {
        out.append(name);
        for (Parameter parameter : parameters) {
            out.append("; ").append(parameter.format());
        }
        return out;
    }

    private static ExtensionOffer readOffer(HeaderCursor cursor) {
        String name = cursor.token("an extension name");
        List<Parameter> parameters = new ArrayList<>(2);
        cursor.skipOws();
        while (cursor.skip(';')) {
            cursor.skipOws();
            parameters.add(readParameter(cursor));
            cursor.skipOws();
        }
        return new ExtensionOffer(name, parameters);
    }

    private static Parameter readParameter(HeaderCursor cursor) {
        String name = cursor.token("a parameter name");
        cursor.skipOws();
        if (!cursor.skip('=')) {
            return new Parameter(name, null);
        }
        cursor.skipOws();
        String value = cursor.tokenOrQuoted("a parameter value");
        // RFC 6455 §9.1: a quoted value MUST conform to the token ABNF once unquoted
        if (!Tokens.isToken(value)) {
            throw cursor.fail("a token inside the quoted value of " + name);
        }
        return new Parameter(name, value);
    }
}
