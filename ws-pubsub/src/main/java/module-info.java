/**
 * Topics for wskit servers: a registry of which connections subscribe to which topic, where one published
 * message is encoded once (RFC 6455 §5.2 frame, and RFC 7692 compression where connections can share it) and
 * queued to every subscriber without blocking the publisher; and a backplane that carries published messages
 * between server nodes, in-process or over Redis pub/sub.
 *
 * <p>Lettuce, the Redis client, is an automatic module ({@code lettuce.core}); it is read only by the Redis
 * backplane's implementation and appears in no exported signature, so it is not required transitively. Being
 * automatic, it declares no dependencies, and Netty 4.2's jars are explicit modules, which the module system
 * resolves only when some module requires them: so this module requires the Netty modules Lettuce runs on, or an
 * application on the module path would fail with {@code NoClassDefFoundError: io/netty/util/Timer}. Reactor, an
 * automatic module, is resolved with Lettuce.
 */
@SuppressWarnings("requires-automatic")
module dev.wskit.pubsub {
    requires transitive dev.wskit.transport;
    requires lettuce.core;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport;
    requires org.slf4j;

    exports dev.wskit.pubsub;
    exports dev.wskit.pubsub.redis;
    exports dev.wskit.pubsub.spi;
}
