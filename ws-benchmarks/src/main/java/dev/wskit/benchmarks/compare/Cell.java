package dev.wskit.benchmarks.compare;

import java.util.Locale;

/**
 * One cell of the comparison's matrix: a workload, a message size, a number of connections and, for an
 * open-loop echo, the rate all connections together send at. Written as {@code echo:125:64} (closed loop) or
 * {@code echo:125:64:10000} (open loop at 10,000 messages/s) on command lines. Immutable.
 *
 * @param workload what is measured
 * @param size the message payload in bytes (0 for idle connections)
 * @param connections how many connections
 * @param rate messages per second over all connections for an open-loop echo, 0 for the closed loop
 */
record Cell(Workload workload, int size, int connections, int rate) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when the size or rate is negative, there are no connections, or a
     *     workload other than the echo has a rate
     */
    Cell {
        if (size < 0 || connections < 1 || rate < 0 || (rate > 0 && workload != Workload.ECHO)) {
            throw new IllegalArgumentException("Bad cell: " + workload + ", size " + size + ", connections "
                + connections + ", rate " + rate);
        }
    }

    /**
     * Makes a closed-loop echo cell: each connection sends its next message once the last one's echo is back.
     *
     * @param size the message size in bytes
     * @param connections the number of connections
     * @return the cell
     */
    static Cell echo(int size, int connections) {
        return new Cell(Workload.ECHO, size, connections, 0);
    }

    /**
     * Makes an open-loop echo cell: the connections send on a fixed schedule, together {@code rate} messages/s.
     *
     * @param size the message size in bytes
     * @param connections the number of connections
     * @param rate messages per second over all connections, at least 1
     * @return the cell
     * @throws IllegalArgumentException when the rate is not positive
     */
    static Cell paced(int size, int connections, int rate) {
        if (rate < 1) {
            throw new IllegalArgumentException("An open-loop cell needs a positive rate: " + rate);
        }
        return new Cell(Workload.ECHO, size, connections, rate);
    }

    /**
     * Makes a one-way stream cell (one connection).
     *
     * @param size the message size in bytes
     * @return the cell
     */
    static Cell stream(int size) {
        return new Cell(Workload.STREAM, size, 1, 0);
    }

    /**
     * Makes an idle cell.
     *
     * @param connections the number of idle connections
     * @return the cell
     */
    static Cell idle(int connections) {
        return new Cell(Workload.IDLE, 0, connections, 0);
    }

    /**
     * Parses the form {@link #toString()} writes.
     *
     * @param text such as {@code echo:125:64} or {@code echo:125:64:10000}
     * @return the cell
     * @throws IllegalArgumentException when the text is malformed
     */
    static Cell parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3 && parts.length != 4) {
            throw new IllegalArgumentException("Expected workload:size:connections[:rate] but was " + text);
        }
        return new Cell(Workload.valueOf(parts[0].toUpperCase(Locale.ROOT)), Integer.parseInt(parts[1]),
            Integer.parseInt(parts[2]), parts.length == 4 ? Integer.parseInt(parts[3]) : 0);
    }

    /**
     * Tells whether this is an open-loop echo.
     *
     * @return true when messages follow a schedule
     */
    boolean isOpenLoop() {
        return rate > 0;
    }

    /**
     * Returns how each connection paces its messages.
     *
     * @return the closed loop, or the open loop at this cell's rate shared evenly by its connections
     */
    Pacing pacing() {
        return isOpenLoop() ? Pacing.of((double) rate / connections) : Pacing.CLOSED;
    }

    /**
     * Returns the same cell at another total rate.
     *
     * @param replacement messages per second over all connections, 0 for the closed loop
     * @return the cell
     */
    Cell withRate(int replacement) {
        return new Cell(workload, size, connections, replacement);
    }

    /**
     * Describes the cell for people, such as {@code 125 B × 64 connections} or
     * {@code 125 B × 64 connections at 10,000/s}.
     *
     * @return the label
     */
    String label() {
        return switch (workload) {
            case ECHO -> Format.bytes(size) + " × " + Format.connections(connections)
                + (isOpenLoop() ? " at " + Format.grouped(rate) + "/s" : "");
            case STREAM -> Format.bytes(size) + " streamed one way";
            case IDLE -> Format.connections(connections) + " idle";
        };
    }

    @Override
    public String toString() {
        return workload.name().toLowerCase(Locale.ROOT) + ":" + size + ":" + connections
            + (isOpenLoop() ? ":" + rate : "");
    }
}
