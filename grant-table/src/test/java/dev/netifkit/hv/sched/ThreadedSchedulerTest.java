package dev.netifkit.hv.sched;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadedSchedulerTest {

    @Test
    void eachDomainRunsOnItsOwnThreadInFifoOrder() throws InterruptedException {
        try (ThreadedScheduler s = new ThreadedScheduler()) {
            assertFalse(s.deterministic());
            List<String> threads1 = Collections.synchronizedList(new ArrayList<>());
            List<Integer> order2 = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(200);
            for (int i = 0; i < 100; i++) {
                int k = i;
                s.execute(1, () -> {
                    threads1.add(Thread.currentThread().getName());
                    done.countDown();
                });
                s.execute(2, () -> {
                    order2.add(k);
                    assertTrue(s.onContext(2));
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("netifkit-d1"), threads1.stream().distinct().toList());
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add(i);
            }
            assertEquals(expected, order2);
            assertEquals(0, s.taskFailures());
        }
    }

    @Test
    void failuresAreCollectedAndNeverKillTheThread() throws InterruptedException {
        ThreadedScheduler s = new ThreadedScheduler();
        CountDownLatch after = new CountDownLatch(1);
        String[] thread = new String[2];
        s.execute(3, () -> {
            thread[0] = Thread.currentThread().getName();
            throw new IllegalStateException("handler bug");
        });
        s.execute(3, () -> {
            thread[1] = Thread.currentThread().getName();
            after.countDown();
        });
        assertTrue(after.await(10, TimeUnit.SECONDS));
        s.close();
        assertEquals(1, s.taskFailures());
        assertEquals("handler bug", s.failures().get(0).getMessage());
        assertEquals(thread[0], thread[1]);
        s.execute(3, () -> { });
        assertEquals(1, s.droppedAfterClose());
    }

    @Test
    void timersRunOnTheDomainThreadAndCanBeCancelled() throws InterruptedException {
        try (ThreadedScheduler s = new ThreadedScheduler()) {
            CountDownLatch fired = new CountDownLatch(1);
            String[] where = new String[1];
            boolean[] cancelledRan = new boolean[1];
            Cancellable c = s.schedule(5, TimeUnit.MILLISECONDS.toNanos(1), () -> cancelledRan[0] = true);
            c.cancel();
            long t0 = s.nowNanos();
            s.schedule(5, TimeUnit.MILLISECONDS.toNanos(2), () -> {
                where[0] = Thread.currentThread().getName();
                fired.countDown();
            });
            assertTrue(fired.await(10, TimeUnit.SECONDS));
            assertEquals("netifkit-d5", where[0]);
            assertTrue(s.nowNanos() > t0);
            assertFalse(cancelledRan[0]);
        }
    }

    @Test
    void eventChannelsDeliverAcrossThreads() throws InterruptedException {
        try (ThreadedScheduler s = new ThreadedScheduler()) {
            Hypervisor hv = new Hypervisor(s);
            Domain front = hv.createDomain(1, "front");
            Domain back = hv.createDomain(2, "back");
            int fp = front.events().allocUnbound(2);
            int bp = back.events().bindInterdomain(1, fp);
            CountDownLatch got = new CountDownLatch(1);
            String[] where = new String[1];
            front.events().setHandler(fp, () -> {
                where[0] = Thread.currentThread().getName();
                got.countDown();
            });
            back.events().notify(bp);
            assertTrue(got.await(10, TimeUnit.SECONDS));
            assertEquals("netifkit-d1", where[0]);
        }
    }
}
