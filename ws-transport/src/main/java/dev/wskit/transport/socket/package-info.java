/**
 * The blocking-socket transports: a thread per connection reading a {@link java.net.Socket}, either a
 * platform thread ({@code blocking}) or a virtual thread ({@code virtual}). Not exported; obtain them from
 * {@link dev.wskit.transport.Transports}.
 */
package dev.wskit.transport.socket;
