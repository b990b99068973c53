/**
 * Topics on a wskit server, above the transport layer: {@link dev.wskit.pubsub.Topics} keeps which connections
 * subscribe to which topic and fans a published message out to them, encoded once as a
 * {@link dev.wskit.transport.PreparedMessage} (one RFC 6455 §5.2 frame, compressed once per shared RFC 7692
 * setting), each connection's send queue keeping its own backpressure. {@link dev.wskit.pubsub.InProcessBackplane}
 * joins registries in one JVM; {@link dev.wskit.pubsub.redis.RedisBackplane} joins server nodes over Redis.
 */
package dev.wskit.pubsub;
