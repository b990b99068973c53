package dev.wskit.codec.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageBudgetTest {
    @Test
    void reservationsUpToTheLimitAreGrantedAndBeyondItRefusedWithoutTrace() {
        MessageBudget budget = new MessageBudget(100);
        assertTrue(budget.tryReserve(60));
        assertTrue(budget.tryReserve(40));
        assertFalse(budget.tryReserve(1));
        assertEquals(100, budget.used(), "a refusal reserves nothing");
        budget.release(60);
        assertEquals(40, budget.used());
        assertTrue(budget.tryReserve(60));
        assertEquals(100, budget.limit());
    }

    @Test
    void unlimitedBudgetCountsButNeverRefuses() {
        MessageBudget budget = MessageBudget.unlimited();
        assertTrue(budget.tryReserve(Integer.MAX_VALUE));
        assertTrue(budget.tryReserve(Integer.MAX_VALUE));
        assertEquals(2L * Integer.MAX_VALUE, budget.used());
    }

    @Test
    void negativeLimitIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MessageBudget(-1));
        assertEquals("Negative message budget: -1", e.getMessage());
    }
}
