package dev.netifkit.hv.xenstore;

import dev.netifkit.hv.sched.DeterministicScheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class XenbusTest {
    private final DeterministicScheduler sched = new DeterministicScheduler(0);
    private final XenStore xs = new XenStore(sched);
    private final DevicePaths dev = Toolstack.createDevice(xs, "vif", 1, 2, 0, Map.of(), Map.of());
    private final XenStoreConnection front = xs.connect(1);
    private final XenStoreConnection back = xs.connect(2);

    @Test
    void xb1_stateCodesAndNames() {
        assertEquals(0, Xenbus.STATE_UNKNOWN);
        assertEquals(1, Xenbus.STATE_INITIALISING);
        assertEquals(2, Xenbus.STATE_INIT_WAIT);
        assertEquals(3, Xenbus.STATE_INITIALISED);
        assertEquals(4, Xenbus.STATE_CONNECTED);
        assertEquals(5, Xenbus.STATE_CLOSING);
        assertEquals(6, Xenbus.STATE_CLOSED);
        assertEquals(7, Xenbus.STATE_RECONFIGURING);
        assertEquals(8, Xenbus.STATE_RECONFIGURED);
        assertEquals("InitWait", Xenbus.stateName(2));
        assertEquals("Reconfigured", Xenbus.stateName(8));
        assertEquals("Invalid(9)", Xenbus.stateName(9));
    }

    @Test
    void xb1_watchStateSeesThePeersStates() {
        List<Integer> seen = new ArrayList<>();
        Xenbus.watchState(front, dev.backend(), seen::add);
        sched.runUntilIdle();
        Xenbus.switchState(back, dev.backend(), Xenbus.STATE_INIT_WAIT);
        sched.runUntilIdle();
        Xenbus.switchState(back, dev.backend(), Xenbus.STATE_INIT_WAIT); // unchanged: no write, no event
        Xenbus.switchState(back, dev.backend(), Xenbus.STATE_CONNECTED);
        sched.runUntilIdle();
        assertEquals(List.of(1, 2, 4), seen);
        assertEquals(Xenbus.STATE_CONNECTED, Xenbus.readState(front, dev.backend()));
        assertThrows(IllegalArgumentException.class, () -> Xenbus.switchState(back, dev.backend(), 9));
    }

    @Test
    void xb1_peerStateGarbageReadsAsUnknown() {
        for (String bad : new String[] {"", "x", "-1", "9", "4 ", "99999999999", "0x4"}) {
            front.write(dev.frontend() + "/state", bad);
            assertEquals(Xenbus.STATE_UNKNOWN, Xenbus.readState(back, dev.frontend()), "'" + bad + "'");
        }
        front.rm(dev.frontend() + "/state");
        assertEquals(Xenbus.STATE_UNKNOWN, Xenbus.readState(back, dev.frontend()));
        front.write(dev.frontend() + "/state", "3");
        front.setPermissions(dev.frontend() + "/state", List.of(new XsPermission(1, Perm.NONE)));
        assertEquals(Xenbus.STATE_UNKNOWN, Xenbus.readState(back, dev.frontend()), "unreadable");
        assertEquals(Xenbus.STATE_INITIALISED, Xenbus.readState(front, dev.frontend()));
    }
}
