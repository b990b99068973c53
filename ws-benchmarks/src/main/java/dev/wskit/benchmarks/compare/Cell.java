package dev.wskit.benchmarks.compare;

import java.util.Locale;

/**
 * One cell of the comparison's matrix: a workload, a message size and a number of connections. Written as
 * {@code echo:125:64} on command lines. Immutable.
 *
 * @param workload what is measured
 * @param size the message payload in bytes (0 for idle connections)
 * @param connections how many connections
 */
record Cell(Workload workload, int size, int connections) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when the size is negative or there are no connections
     */
    Cell {
        if (size < 0 || connections < 1) {
            throw new IllegalArgumentException("Bad cell: size " + size + ", connections " + connections);
        }
    }

    /**
     * Makes an echo cell.
     *
     * @param size the message size in bytes
     * @param connections the number of connections
     * @return the cell
     */
    static Cell echo(int size, int connections) {
        return new Cell(Workload.ECHO, size, connections);
    }

    /**
     * Makes a one-way stream cell (one connection).
     *
     * @param size the message size in bytes
     * @return the cell
     */
    static Cell stream(int size) {
        return new Cell(Workload.STREAM, size, 1);
    }

    /**
     * Makes an idle cell.
     *
     * @param connections the number of idle connections
     * @return the cell
     */
    static Cell idle(int connections) {
        return new Cell(Workload.IDLE, 0, connections);
    }

    /**
     * Parses the form {@link #toString()} writes.
     *
     * @param text such as {@code echo:125:64}
     * @return the cell
     * @throws IllegalArgumentException when the text is malformed
     */
    static Cell parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Expected workload:size:connections but was " + text);
        }
        return new Cell(Workload.valueOf(parts[0].toUpperCase(Locale.ROOT)), Integer.parseInt(parts[1]),
            Integer.parseInt(parts[2]));
    }

    /**
     * Describes the cell for people, such as {@code 125 B × 64 connections}.
     *
     * @return the label
     */
    String label() {
        return switch (workload) {
            case ECHO -> Format.bytes(size) + " × " + Format.connections(connections);
            case STREAM -> Format.bytes(size) + " streamed one way";
            case IDLE -> Format.connections(connections) + " idle";
        };
    }

    @Override
    public String toString() {
        return workload.name().toLowerCase(Locale.ROOT) + ":" + size + ":" + connections;
    }
}
