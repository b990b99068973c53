/**
 * The service-provider side of topics: a {@link dev.wskit.pubsub.spi.Backplane} carries the messages published
 * on one node to the other nodes that have subscribers to the topic. Nothing here touches the WebSocket protocol
 * (RFC 6455): a backplane moves prepared messages between registries, and each registry frames and queues them.
 */
package dev.wskit.pubsub.spi;
