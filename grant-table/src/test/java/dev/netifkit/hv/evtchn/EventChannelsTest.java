package dev.netifkit.hv.evtchn;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Fixtures;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventChannelsTest {
    private final Hypervisor hv = Fixtures.hypervisor();
    private final DeterministicScheduler sched = Fixtures.sched(hv);
    private final Domain front = hv.createDomain(1, "front");
    private final Domain back = hv.createDomain(2, "back");
    private final EventChannels fe = front.events();
    private final EventChannels be = back.events();
    private final int fport = fe.allocUnbound(2);
    private final int bport = be.bindInterdomain(1, fport);
    private final List<String> runs = new ArrayList<>();

    EventChannelsTest() {
        fe.setHandler(fport, () -> runs.add("front"));
        be.setHandler(bport, () -> runs.add("back"));
    }

    @Test
    void portsAreLowestFreeFromOne() {
        assertEquals(1, fport);
        assertEquals(1, bport);
        assertEquals(2, fe.allocUnbound(2));
        fe.close(2);
        assertEquals(2, fe.allocUnbound(3));
        assertEquals(2, fe.openPortCount());
    }

    @Test
    void gnt5_notifyRunsThePeersHandlerOnItsContext() {
        assertEquals(0, be.notify(bport));
        assertTrue(fe.isPending(fport));
        assertEquals(List.of(), runs, "nothing runs before the scheduler does");
        sched.runUntilIdle();
        assertEquals(List.of("front"), runs);
        assertFalse(fe.isPending(fport));
        assertEquals(0, fe.notify(fport));
        sched.runUntilIdle();
        assertEquals(List.of("front", "back"), runs);
    }

    @Test
    void gnt5_notifiesWhilePendingAreCoalesced() {
        for (int i = 0; i < 5; i++) {
            be.notify(bport);
        }
        assertEquals(1, sched.pendingTasks());
        sched.runUntilIdle();
        assertEquals(List.of("front"), runs);
        assertEquals(5, back.counters().snapshot().notificationsSent());
        assertEquals(1, front.counters().snapshot().eventsDelivered());
    }

    @Test
    void gnt5_notifyDuringTheHandlerQueuesAnotherRun() {
        int[] n = new int[1];
        fe.setHandler(fport, () -> {
            n[0]++;
            if (n[0] == 1) {
                be.notify(bport); // pending was cleared before the handler ran
            }
        });
        be.notify(bport);
        sched.runUntilIdle();
        assertEquals(2, n[0]);
    }

    @Test
    void gnt5_spuriousNotificationFindsNoWork() {
        // the handler is "look for work": notified with none, it does nothing and nothing breaks
        List<Integer> work = new ArrayList<>();
        int[] found = new int[1];
        fe.setHandler(fport, () -> found[0] += work.size());
        be.notify(bport);
        sched.runUntilIdle();
        assertEquals(0, found[0]);
        assertEquals(0, sched.taskFailures());
    }

    @Test
    void maskedEventsWaitForUnmask() {
        fe.mask(fport);
        be.notify(bport);
        be.notify(bport);
        sched.runUntilIdle();
        assertEquals(List.of(), runs);
        assertTrue(fe.isPending(fport));
        fe.unmask(fport);
        sched.runUntilIdle();
        assertEquals(List.of("front"), runs);
        fe.unmask(fport);
        sched.runUntilIdle();
        assertEquals(List.of("front"), runs, "unmask without pending delivers nothing");
    }

    @Test
    void maskAfterQueueingHoldsTheEvent() {
        be.notify(bport);
        fe.mask(fport);
        sched.runUntilIdle();
        assertEquals(List.of(), runs);
        fe.unmask(fport);
        sched.runUntilIdle();
        assertEquals(List.of("front"), runs);
    }

    @Test
    void closeUnbindsThePeer() {
        be.notify(bport);
        be.close(bport);
        assertFalse(fe.isBound(fport));
        assertEquals(EvtchnStatus.EINVAL, fe.notify(fport), "the peer closed its end");
        assertEquals(EvtchnStatus.EINVAL, be.notify(bport), "closed port");
        // the frontend's port is unbound again, waiting for d2: the backend may bind anew
        int again = be.bindInterdomain(1, fport);
        assertTrue(again > 0);
        assertEquals(0, fe.notify(fport));
    }

    @Test
    void bindingErrorsAreStatusesNeverExceptions() {
        assertEquals(EvtchnStatus.ESRCH, be.bindInterdomain(9, 1));
        assertEquals(EvtchnStatus.ESRCH, be.bindInterdomain(-1, 1));
        assertEquals(EvtchnStatus.EINVAL, be.bindInterdomain(1, fport), "already bound");
        assertEquals(EvtchnStatus.EINVAL, be.bindInterdomain(1, 0));
        assertEquals(EvtchnStatus.EINVAL, be.bindInterdomain(1, -5));
        assertEquals(EvtchnStatus.EINVAL, be.bindInterdomain(1, 100000));
        int forOther = fe.allocUnbound(3);
        assertEquals(EvtchnStatus.EINVAL, be.bindInterdomain(1, forOther), "offered to d3, not d2");
        assertEquals(EvtchnStatus.EINVAL, be.notify(77));
        assertEquals(EvtchnStatus.EINVAL, be.notify(-1));
        assertEquals("EINVAL", EvtchnStatus.name(EvtchnStatus.EINVAL));
    }

    @Test
    void misuseOfOwnPortsThrows() {
        assertThrows(IllegalArgumentException.class, () -> fe.mask(42));
        assertThrows(IllegalArgumentException.class, () -> fe.close(0));
        assertThrows(IllegalArgumentException.class, () -> fe.setHandler(9, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> fe.allocUnbound(0x7FF0));
    }

    @Test
    void portSpaceExhaustionIsEnospc() {
        int last = 0;
        for (int i = 0; i < EventChannels.MAX_PORTS - 2; i++) {
            last = fe.allocUnbound(2);
        }
        assertEquals(EventChannels.MAX_PORTS - 1, last);
        assertEquals(EvtchnStatus.ENOSPC, fe.allocUnbound(2));
    }

    @Test
    void loopbackBindingToOwnDomain() {
        int p = fe.allocUnbound(1);
        int q = fe.bindInterdomain(1, p);
        int[] n = new int[1];
        fe.setHandler(p, () -> n[0]++);
        fe.notify(q);
        sched.runUntilIdle();
        assertEquals(1, n[0]);
    }
}
