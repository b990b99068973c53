/**
 * A backplane over Redis pub/sub (Lettuce client): the messages published on one wskit server node reach the
 * subscribers of the same topic on every other node. Each topic is one Redis channel, subscribed by a node only
 * while it has local subscribers; each message is tagged with its origin node, which skips its own echoes.
 * Nothing here frames WebSocket messages (RFC 6455): it carries application messages between nodes, and each
 * node frames them once for its own connections.
 */
package dev.wskit.pubsub.redis;
