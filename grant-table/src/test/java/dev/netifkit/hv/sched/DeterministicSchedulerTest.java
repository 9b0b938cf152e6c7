package dev.netifkit.hv.sched;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.TestSeeds;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeterministicSchedulerTest {

    @Test
    void seedZeroIsStrictGlobalFifo() {
        DeterministicScheduler s = new DeterministicScheduler(0);
        List<String> order = new ArrayList<>();
        s.execute(2, () -> order.add("a2"));
        s.execute(1, () -> order.add("b1"));
        s.execute(2, () -> order.add("c2"));
        s.execute(3, () -> order.add("d3"));
        assertEquals(4, s.pendingTasks());
        assertEquals(4, s.runUntilIdle());
        assertEquals(List.of("a2", "b1", "c2", "d3"), order);
        assertFalse(s.runOne());
    }

    @Test
    void otherSeedsKeepPerDomainFifo() {
        for (long seed = 1; seed < 50; seed++) {
            DeterministicScheduler s = new DeterministicScheduler(seed);
            List<Integer> d1 = new ArrayList<>();
            List<Integer> d2 = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int k = i;
                s.execute(1, () -> d1.add(k));
                s.execute(2, () -> d2.add(k));
            }
            s.runUntilIdle();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                expected.add(i);
            }
            assertEquals(expected, d1, "seed " + seed);
            assertEquals(expected, d2, "seed " + seed);
        }
    }

    /** Three domains ping-ponging notifications over event channels, traced. */
    private static List<String> pingPongTrace(long seed) {
        DeterministicScheduler s = new DeterministicScheduler(seed);
        s.setTraceEnabled(true);
        Hypervisor hv = new Hypervisor(s);
        Domain[] d = {hv.createDomain(1, "a"), hv.createDomain(2, "b"), hv.createDomain(3, "c")};
        int[][] port = new int[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i < j) {
                    port[i][j] = d[i].events().allocUnbound(d[j].domid());
                    port[j][i] = d[j].events().bindInterdomain(d[i].domid(), port[i][j]);
                }
            }
        }
        int[] budget = {60};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                if (i != j) {
                    int me = i;
                    int peer = j;
                    d[i].events().setHandler(port[i][j], () -> {
                        if (budget[0]-- > 0) {
                            d[me].events().notify(port[me][(peer + 1) % 3 == me ? (peer + 2) % 3 : (peer + 1) % 3]);
                            d[me].events().notify(port[me][peer]);
                        }
                    });
                }
            }
        }
        s.execute(1, Tasks.named("kick", () -> {
            d[0].events().notify(port[0][1]);
            d[0].events().notify(port[0][2]);
        }));
        s.schedule(2, 5_000, Tasks.named("timer-b", () -> d[1].events().notify(port[1][2])));
        s.runUntilIdle(10_000);
        s.advanceMillis(1);
        assertEquals(0, s.taskFailures(), () -> "task failed: " + s.failures());
        return s.trace();
    }

    @Test
    void sameSeedGivesIdenticalTraceAndSeedsDiffer() {
        long[] seeds = TestSeeds.seeds(0x5eedL, 8);
        List<String> first = pingPongTrace(seeds[0]);
        assertTrue(first.size() > 50, "workload too small: " + first.size() + " tasks");
        assertEquals(first, pingPongTrace(seeds[0]), "seed " + seeds[0] + " did not replay");
        if (!TestSeeds.replaying()) {
            boolean differs = false;
            for (int i = 1; i < seeds.length; i++) {
                differs |= !pingPongTrace(seeds[i]).equals(first);
            }
            assertTrue(differs, "8 seeds all gave the same interleaving");
        }
        assertTrue(first.contains("5000 d2 timer-b"), "timer ran at its due time: " + first);
        assertEquals(pingPongTrace(0), pingPongTrace(0));
        assertNotEquals(pingPongTrace(0), pingPongTrace(seeds[0]));
    }

    @Test
    void timersRunInTimeOrderOnSimulatedTime() {
        DeterministicScheduler s = new DeterministicScheduler(0);
        List<String> order = new ArrayList<>();
        s.schedule(1, 300, () -> order.add("300@" + s.nowNanos()));
        s.schedule(2, 100, () -> {
            order.add("100@" + s.nowNanos());
            s.execute(3, () -> order.add("ready@" + s.nowNanos()));
            s.schedule(1, 50, () -> order.add("150@" + s.nowNanos()));
        });
        Cancellable cancelled = s.schedule(1, 200, () -> order.add("cancelled"));
        s.schedule(1, 100, () -> order.add("100b@" + s.nowNanos()));
        cancelled.cancel();
        assertEquals(3, s.pendingTimers());
        s.advanceNanos(99);
        assertEquals(List.of(), order);
        assertEquals(99, s.nowNanos());
        s.advanceNanos(1000);
        assertEquals(List.of("100@100", "ready@100", "100b@100", "150@150", "300@300"), order);
        assertEquals(1099, s.nowNanos());
        assertThrows(IllegalArgumentException.class, () -> s.advanceNanos(-1));
        assertThrows(IllegalArgumentException.class, () -> s.schedule(1, -1, () -> { }));
    }

    @Test
    void taskFailuresAreCaughtCountedAndKept() {
        DeterministicScheduler s = new DeterministicScheduler(0);
        List<String> after = new ArrayList<>();
        s.execute(1, () -> {
            throw new IllegalStateException("boom");
        });
        s.execute(1, () -> after.add("still running"));
        assertEquals(2, s.runUntilIdle());
        assertEquals(List.of("still running"), after);
        assertEquals(1, s.taskFailures());
        assertEquals("boom", s.failures().get(0).getMessage());
    }

    @Test
    void runUntilIdleIsBoundable() {
        DeterministicScheduler s = new DeterministicScheduler(0);
        Runnable[] self = new Runnable[1];
        self[0] = () -> s.execute(1, self[0]);
        s.execute(1, self[0]);
        assertEquals(100, s.runUntilIdle(100));
        assertEquals(1, s.pendingTasks());
    }

    @Test
    void traceLabelsAreStable() {
        DeterministicScheduler s = new DeterministicScheduler(0);
        s.setTraceEnabled(true);
        s.execute(4, Tasks.named("hello", () -> { }));
        s.execute(4, () -> { });
        s.runUntilIdle();
        assertEquals("0 d4 hello", s.trace().get(0));
        assertTrue(s.trace().get(1).endsWith("$$Lambda"), s.trace().get(1));
    }
}
