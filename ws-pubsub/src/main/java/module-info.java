/**
 * Topics for wskit servers: a registry of which connections subscribe to which topic, where one published
 * message is encoded once (RFC 6455 §5.2 frame, and RFC 7692 compression where connections can share it) and
 * queued to every subscriber without blocking the publisher; and a backplane that carries published messages
 * between server nodes, in-process or over Redis pub/sub.
 *
 * <p>Lettuce, the Redis client, is an automatic module ({@code lettuce.core}); it is read only by the Redis
 * backplane's implementation and appears in no exported signature, so it is not required transitively.
 */
@SuppressWarnings("requires-automatic")
module dev.wskit.pubsub {
    requires transitive dev.wskit.transport;
    requires lettuce.core;
    requires org.slf4j;

    exports dev.wskit.pubsub;
    exports dev.wskit.pubsub.redis;
    exports dev.wskit.pubsub.spi;
}
