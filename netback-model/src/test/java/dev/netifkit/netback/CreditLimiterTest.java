package dev.netifkit.netback;

import dev.netifkit.hv.sched.DeterministicScheduler;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CreditLimiterTest {
    private final DeterministicScheduler sched = new DeterministicScheduler(0);

    @Test
    void creditIsSpentThenReplenishedOncePerWindowOnSimulatedTime() {
        AtomicInteger resumed = new AtomicInteger();
        CreditLimiter c = CreditLimiter.parse("10000,1000", sched, 0, resumed::incrementAndGet);
        assertTrue(c.take(6000));
        assertTrue(c.take(4000));
        assertFalse(c.take(1), "credit spent within the window");
        sched.advanceNanos(999_999);
        sched.runUntilIdle();
        assertEquals(0, resumed.get());
        sched.advanceNanos(1);
        sched.runUntilIdle();
        assertEquals(1, resumed.get(), "resumed when the window ends");
        assertTrue(c.take(1));
    }

    @Test
    void aPacketLargerThanTheCreditIsNotStarved() {
        CreditLimiter c = CreditLimiter.parse("100,10", sched, 0, () -> { });
        assertFalse(c.take(1500));
        sched.advanceMillis(1);
        assertTrue(c.take(1500));
    }

    @Test
    void absentOrMalformedRateMeansNoLimit() {
        assertNull(CreditLimiter.parse(null, sched, 0, () -> { }));
        assertNull(CreditLimiter.parse("fast", sched, 0, () -> { }));
        assertNull(CreditLimiter.parse("0,100", sched, 0, () -> { }));
        assertNull(CreditLimiter.parse("1,2,3", sched, 0, () -> { }));
    }
}
