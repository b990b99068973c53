package dev.wskit.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellTest {

    @Test
    void everyCellReadsBackFromItsCommandLineForm() {
        for (Cell cell : List.of(Cell.echo(125, 64), Cell.paced(125, 64, 10_000), Cell.stream(16 * 1024),
            Cell.idle(2000))) {
            assertEquals(cell, Cell.parse(cell.toString()));
        }
        assertEquals("echo:125:64", Cell.echo(125, 64).toString());
        assertEquals("echo:125:64:10000", Cell.paced(125, 64, 10_000).toString());
    }

    @Test
    void anOpenLoopCellNamesItsRate() {
        Cell open = Cell.paced(125, 64, 10_000);
        assertTrue(open.isOpenLoop());
        assertFalse(Cell.echo(125, 64).isOpenLoop());
        assertEquals("125 B × 64 connections at 10,000/s", open.label());
        assertEquals("125 B × 64 connections", open.withRate(0).label());
        assertEquals(Cell.paced(125, 64, 500), open.withRate(500));
    }

    @Test
    void onlyAnEchoHasARate() {
        assertThrows(IllegalArgumentException.class, () -> new Cell(Workload.STREAM, 125, 1, 100));
        assertThrows(IllegalArgumentException.class, () -> new Cell(Workload.ECHO, 125, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Cell.paced(125, 64, 0));
        assertThrows(IllegalArgumentException.class, () -> Cell.parse("echo:125"));
    }
}
