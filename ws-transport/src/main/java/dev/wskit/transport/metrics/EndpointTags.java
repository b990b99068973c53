package dev.wskit.transport.metrics;

import java.util.Objects;

/**
 * What a connection's metrics are tagged with: the endpoint and the transport, never anything of one
 * connection (its peer, its URI's query), so that the number of tag combinations stays that of the endpoints
 * (RFC 6455 §3: the resource name without its query). Immutable.
 *
 * @param path the server endpoint's path (such as {@code /echo}); {@link #UNMATCHED} for a server's request
 *     that matched no endpoint; a client's URI path
 * @param transport the transport's {@linkplain dev.wskit.transport.spi.Transport#name() name}, such as
 *     {@code nio}
 */
public record EndpointTags(String path, String transport) {
    /** The path of requests that matched no endpoint: never a real path, which starts with {@code /}. */
    public static final String UNMATCHED = "unmatched";

    /**
     * Checks the values.
     *
     * @throws NullPointerException when a value is missing
     */
    public EndpointTags {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(transport, "transport");
    }
}
