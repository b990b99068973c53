package dev.wskit.benchmarks.compare;

/** What a cell of the comparison measures. */
enum Workload {
    /** Closed-loop echo: each connection sends a message, waits for its echo, and sends the next. */
    ECHO,
    /** One connection streams messages one way, to a sink that discards them. */
    STREAM,
    /** Many connections opened and left idle, to weigh what each costs the server. */
    IDLE
}
