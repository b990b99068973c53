package dev.wskit.transport.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's stack of handed-over tasks, alone: order, emptiness, and a task handed over again. */
class TaskStackTest {
    private final TaskStack stack = new TaskStack();
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksAreTakenInTheOrderTheyWereHandedOver() {
        stack.push(TaskStack.wrap(() -> ran.add("first")));
        stack.push(TaskStack.wrap(() -> ran.add("second")));
        stack.push(TaskStack.wrap(() -> ran.add("third")));
        runAll();
        assertEquals(List.of("first", "second", "third"), ran);
    }

    @Test
    void tasksHandedOverWhileTakenOnesRunComeAfterThem() {
        stack.push(TaskStack.wrap(() -> {
            ran.add("first");
            stack.push(TaskStack.wrap(() -> ran.add("pushed by first")));
        }));
        stack.push(TaskStack.wrap(() -> ran.add("second")));
        runAll();
        assertEquals(List.of("first", "second", "pushed by first"), ran);
    }

    @Test
    void stackIsEmptyOnlyOnceEveryTaskIsTaken() {
        assertTrue(stack.isEmpty());
        stack.push(TaskStack.wrap(() -> { }));
        stack.push(TaskStack.wrap(() -> { }));
        assertFalse(stack.isEmpty());
        stack.next();
        assertFalse(stack.isEmpty(), "one task is still taken and not run");
        stack.next();
        assertTrue(stack.isEmpty());
        assertNull(stack.next());
    }

    @Test
    void taskTakenCanBeHandedOverAgainAndIsTakenAgain() {
        TaskStack.Task task = TaskStack.wrap(() -> ran.add("again"));
        stack.push(task);
        stack.push(TaskStack.wrap(() -> ran.add("other")));
        TaskStack.Task taken = stack.next();
        assertSame(task, taken);
        stack.push(taken);
        runAll();
        assertEquals(List.of("other", "again"), ran);
    }

    private void runAll() {
        TaskStack.Task task;
        while ((task = stack.next()) != null) {
            task.run();
        }
    }
}
