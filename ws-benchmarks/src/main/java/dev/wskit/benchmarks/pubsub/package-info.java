/**
 * Benchmarks of topics ({@code ws-pubsub}): the fan-out of one published message to many subscribers on one
 * node, framed once (RFC 6455 §5.2), against a loop of sends to each connection ({@link
 * dev.wskit.benchmarks.pubsub.FanOutBenchmark}), and the latency and rate of messages between two nodes through
 * Redis ({@link dev.wskit.benchmarks.pubsub.RedisLatency}).
 */
package dev.wskit.benchmarks.pubsub;
