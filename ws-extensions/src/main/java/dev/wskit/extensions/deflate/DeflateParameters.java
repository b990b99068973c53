package dev.wskit.extensions.deflate;

import dev.wskit.codec.Role;
import dev.wskit.handshake.ExtensionOffer;
import dev.wskit.handshake.ExtensionOffer.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * The four parameters of permessage-deflate (RFC 7692 §7.1), as a client offers them or as a server's response
 * agrees to them. Window sizes are the base-2 logarithm of the LZ77 sliding window (§7.1.2), or
 * {@link #ABSENT} when the parameter is not present; {@code client_max_window_bits} may also be
 * {@link #NO_VALUE} in an offer (§7.1.2.2: the client accepts whatever limit the server picks).
 *
 * <p>{@link #parse} applies the rules every offer and response must meet (§7.1: no unknown parameter, no
 * repeated one, valid values); the rules that tie a response to an offer live in {@link PerMessageDeflate}.
 * Immutable and thread-safe.
 *
 * @param serverNoContextTakeover §7.1.1.1: the server resets its compression context after each message
 * @param clientNoContextTakeover §7.1.1.2: the client resets its compression context after each message
 * @param serverMaxWindowBits §7.1.2.1: the server's largest window, 8 to 15, or {@link #ABSENT}
 * @param clientMaxWindowBits §7.1.2.2: the client's largest window, 8 to 15, {@link #ABSENT} or
 *     {@link #NO_VALUE}
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                                int serverMaxWindowBits, int clientMaxWindowBits) {
    /** The extension's registered token (RFC 7692 §7). */
    public static final String EXTENSION_NAME = "permessage-deflate";
    /** A window parameter that is not present. */
    public static final int ABSENT = 0;
    /** {@code client_max_window_bits} present without a value, allowed in offers only (RFC 7692 §7.1.2.2). */
    public static final int NO_VALUE = -1;
    /** The smallest window size a parameter may name (RFC 7692 §7.1.2). */
    public static final int MIN_WINDOW_BITS = 8;
    /** The largest window size, DEFLATE's 32 KiB (RFC 7692 §7.1.2, RFC 1951 §2). */
    public static final int MAX_WINDOW_BITS = 15;
    /** No parameter at all: both sides keep context and use windows up to 32 KiB. */
    public static final DeflateParameters NONE = new DeflateParameters(false, false, ABSENT, ABSENT);

    static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";
    private static final List<String> KNOWN = List.of(SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER,
        SERVER_MAX_WINDOW_BITS, CLIENT_MAX_WINDOW_BITS);

    /**
     * Checks the window sizes.
     *
     * @throws IllegalArgumentException when a window size is outside 8 to 15 and not one of the markers
     */
    public DeflateParameters {
        if (serverMaxWindowBits != ABSENT && !isWindowBits(serverMaxWindowBits)) {
            throw new IllegalArgumentException("server_max_window_bits out of range 8-15: " + serverMaxWindowBits);
        }
        if (clientMaxWindowBits != ABSENT && clientMaxWindowBits != NO_VALUE && !isWindowBits(clientMaxWindowBits)) {
            throw new IllegalArgumentException("client_max_window_bits out of range 8-15: " + clientMaxWindowBits);
        }
    }

    /**
     * Reads the parameters of a permessage-deflate offer or response.
     *
     * @param offer one element of a {@code Sec-WebSocket-Extensions} header, named permessage-deflate
     * @return the parameters
     * @throws IllegalArgumentException when the element breaks RFC 7692 §7.1: another name, an unknown or
     *     repeated parameter, or an invalid value; the message names the offending parameter
     */
    public static DeflateParameters parse(ExtensionOffer offer) {
        if (!offer.isNamed(EXTENSION_NAME)) {
            throw new IllegalArgumentException("Expected " + EXTENSION_NAME + " but was " + offer.name());
        }
        List<String> seen = new ArrayList<>(4);
        for (Parameter parameter : offer.parameters()) {
            String name = known(parameter.name());
            if (seen.contains(name)) {
                // RFC 7692 §7.1: an offer or response with repeated parameters MUST be declined or failed
                throw new IllegalArgumentException("Repeated parameter " + name + " in " + offer.format());
            }
            seen.add(name);
        }
        return new DeflateParameters(flag(offer, SERVER_NO_CONTEXT_TAKEOVER), flag(offer, CLIENT_NO_CONTEXT_TAKEOVER),
            windowBits(offer, SERVER_MAX_WINDOW_BITS, false), windowBits(offer, CLIENT_MAX_WINDOW_BITS, true));
    }

    /**
     * Formats the parameters as one element of a {@code Sec-WebSocket-Extensions} header.
     *
     * @return such as {@code permessage-deflate; client_max_window_bits}
     */
    public ExtensionOffer toOffer() {
        List<Parameter> parameters = new ArrayList<>(4);
        if (serverNoContextTakeover) {
            parameters.add(Parameter.of(SERVER_NO_CONTEXT_TAKEOVER));
        }
        if (clientNoContextTakeover) {
            parameters.add(Parameter.of(CLIENT_NO_CONTEXT_TAKEOVER));
        }
        if (serverMaxWindowBits != ABSENT) {
            parameters.add(Parameter.of(SERVER_MAX_WINDOW_BITS, Integer.toString(serverMaxWindowBits)));
        }
        if (clientMaxWindowBits == NO_VALUE) {
            parameters.add(Parameter.of(CLIENT_MAX_WINDOW_BITS));
        } else if (clientMaxWindowBits != ABSENT) {
            parameters.add(Parameter.of(CLIENT_MAX_WINDOW_BITS, Integer.toString(clientMaxWindowBits)));
        }
        return new ExtensionOffer(EXTENSION_NAME, parameters);
    }

    /**
     * Tells whether the compressor of one side resets its context after each message (RFC 7692 §7.1.1).
     *
     * @param sender the side that compresses
     * @return true when the sender's {@code *_no_context_takeover} parameter is present
     */
    public boolean noContextTakeover(Role sender) {
        return sender == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
    }

    /**
     * Returns the window the compressor of one side may use (RFC 7692 §7.1.2).
     *
     * @param sender the side that compresses
     * @return 8 to 15; 15 when the sender's {@code *_max_window_bits} parameter is absent or has no value
     */
    public int windowBits(Role sender) {
        int bits = sender == Role.SERVER ? serverMaxWindowBits : clientMaxWindowBits;
        return isWindowBits(bits) ? bits : MAX_WINDOW_BITS;
    }

    /**
     * Returns these parameters with another {@code client_max_window_bits}.
     *
     * @param bits 8 to 15, {@link #ABSENT} or {@link #NO_VALUE}
     * @return the new parameters
     */
    public DeflateParameters withClientMaxWindowBits(int bits) {
        return new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, serverMaxWindowBits, bits);
    }

    @Override
    public String toString() {
        return toOffer().format();
    }

    static boolean isWindowBits(int bits) {
        return bits >= MIN_WINDOW_BITS && bits <= MAX_WINDOW_BITS;
    }

    private static String known(String name) {
        for (String known : KNOWN) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        // RFC 7692 §7.1: an offer or response with a parameter not defined for it MUST be declined or failed
        throw new IllegalArgumentException("Expected one of " + String.join(", ", KNOWN) + " but was " + name);
    }

    private static boolean flag(ExtensionOffer offer, String name) {
        return offer.parameter(name).map(parameter -> {
            if (parameter.value() != null) {
                // RFC 7692 §7.1.1: the no_context_takeover parameters MUST NOT have a value
                throw new IllegalArgumentException("Expected " + name + " without a value but was " + parameter.format());
            }
            return true;
        }).orElse(false);
    }

    private static int windowBits(ExtensionOffer offer, String name, boolean valueOptional) {
        return offer.parameter(name).map(parameter -> {
            String value = parameter.value();
            if (value == null && valueOptional) {
                return NO_VALUE;
            }
            // RFC 7692 §7.1.2: the value MUST be a decimal integer from 8 to 15 without leading zeroes
            if (value == null || !value.matches("[89]|1[0-5]")) {
                throw new IllegalArgumentException("Expected " + name + " from 8 to 15 but was " + parameter.format());
            }
            return Integer.parseInt(value);
        }).orElse(ABSENT);
    }
}
