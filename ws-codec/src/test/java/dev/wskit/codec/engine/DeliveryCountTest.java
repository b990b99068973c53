package dev.wskit.codec.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The count of messages handed to the application and not yet reported handled. */
class DeliveryCountTest {
    @Test
    void nothingIsPendingBeforeCountingStarts() {
        DeliveryCount count = new DeliveryCount();
        count.handedOver();
        count.handedOver();
        assertFalse(count.isPending());
    }

    @Test
    void messagesStayPendingUntilAllAreReportedDelivered() {
        DeliveryCount count = new DeliveryCount();
        count.start();
        count.handedOver();
        count.handedOver();
        count.delivered(1);
        assertTrue(count.isPending());
        count.delivered(1);
        assertFalse(count.isPending());
    }

    @Test
    void reportingMoreThanWasHandedOverLeavesNothingPending() {
        DeliveryCount count = new DeliveryCount();
        count.start();
        count.handedOver();
        count.delivered(5);
        count.handedOver();
        assertTrue(count.isPending());
        count.delivered(1);
        assertFalse(count.isPending());
    }
}
