package dev.wskit.pubsub.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link RedisBackplane} reaches Redis and names its channels. Immutable and thread-safe.
 *
 * @param uri the Redis server, as Lettuce reads it: {@code redis://host:port}, {@code rediss://} for TLS, with
 *     an optional password ({@code redis://:secret@host:port}) and database ({@code redis://host:port/2})
 * @param channelPrefix put before each topic name to make its Redis channel, so that several applications can
 *     share one Redis
 * @param minReconnectDelay the first wait before reconnecting after the connection to Redis is lost
 * @param maxReconnectDelay the longest wait between reconnection attempts; the waits double up to it
 * @param publishTimeout how long a publish may wait for Redis to take it before it fails
 */
public record RedisBackplaneConfig(URI uri, String channelPrefix, Duration minReconnectDelay,
                                   Duration maxReconnectDelay, Duration publishTimeout) {

    /** The default channel prefix: {@code wskit:topic:}. */
    public static final String DEFAULT_CHANNEL_PREFIX = "wskit:topic:";

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when the URI's scheme is not {@code redis} or {@code rediss}, or a delay
     *     is not positive or the minimum exceeds the maximum
     */
    public RedisBackplaneConfig {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("Redis URI must start with redis:// or rediss://: " + uri);
        }
        requirePositive(minReconnectDelay, "minReconnectDelay");
        requirePositive(maxReconnectDelay, "maxReconnectDelay");
        requirePositive(publishTimeout, "publishTimeout");
        if (minReconnectDelay.compareTo(maxReconnectDelay) > 0) {
            throw new IllegalArgumentException("minReconnectDelay " + minReconnectDelay + " > maxReconnectDelay "
                + maxReconnectDelay);
        }
    }

    /**
     * Returns the defaults for a Redis server: channels prefixed {@value #DEFAULT_CHANNEL_PREFIX}, reconnection
     * after 100 ms, doubling up to 5 s, publishes failing after 5 s.
     *
     * @param uri the Redis server, such as {@code redis://127.0.0.1:6379}
     * @return the settings
     * @throws IllegalArgumentException when the URI is not a Redis URI
     */
    public static RedisBackplaneConfig of(String uri) {
        return new RedisBackplaneConfig(URI.create(uri), DEFAULT_CHANNEL_PREFIX, Duration.ofMillis(100),
            Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /**
     * Returns a copy with another channel prefix.
     *
     * @param prefix put before each topic name
     * @return the copy
     */
    public RedisBackplaneConfig withChannelPrefix(String prefix) {
        return new RedisBackplaneConfig(uri, prefix, minReconnectDelay, maxReconnectDelay, publishTimeout);
    }

    /**
     * Returns a copy with other reconnection delays.
     *
     * @param min the first wait
     * @param max the longest wait
     * @return the copy
     */
    public RedisBackplaneConfig withReconnectDelays(Duration min, Duration max) {
        return new RedisBackplaneConfig(uri, channelPrefix, min, max, publishTimeout);
    }

    /**
     * Returns a copy with another publish timeout.
     *
     * @param timeout how long a publish may wait for Redis
     * @return the copy
     */
    public RedisBackplaneConfig withPublishTimeout(Duration timeout) {
        return new RedisBackplaneConfig(uri, channelPrefix, minReconnectDelay, maxReconnectDelay, timeout);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
