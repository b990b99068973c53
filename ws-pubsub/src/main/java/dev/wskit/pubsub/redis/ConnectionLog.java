package dev.wskit.pubsub.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import java.net.SocketAddress;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the subscriber connection to Redis is lost and when it is back, since the node's topics hear nothing
 * from other nodes in between; silent about the connection's close when the backplane closes. Runs on Lettuce's
 * threads.
 */
final class ConnectionLog implements RedisConnectionStateListener {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);
    private final String where;
    private final BooleanSupplier closing;

    ConnectionLog(String where, BooleanSupplier closing) {
        this.where = where;
        this.closing = closing;
    }

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
        LOG.info("Redis backplane connected to {}", where);
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
        if (closing.getAsBoolean()) {
            return;
        }
        LOG.warn("Redis backplane lost its connection to {}; reconnecting, other nodes' messages are missed meanwhile",
            where);
    }
}
