package dev.netifkit.conformance.scripted;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.hv.xenstore.DevicePaths;
import dev.netifkit.hv.xenstore.Toolstack;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import dev.netifkit.hv.xenstore.Xenbus;
import dev.netifkit.proto.ring.SringHeader;
import dev.netifkit.proto.tx.TxRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The scripted frontend's setup (XB-3, RING-4) and ring writes, without a backend: the test plays the backend. */
class ScriptedFrontendTest {
    private final DeterministicScheduler scheduler = new DeterministicScheduler(0);
    private final Hypervisor hv = new Hypervisor(scheduler);
    private Domain back;
    private Domain front;
    private DevicePaths paths;
    private XenStoreConnection ts;

    @BeforeEach
    void world() {
        back = hv.createDomain(0, "back");
        front = hv.createDomain(1, "front");
        paths = Toolstack.createDevice(hv.xenStore(), "vif", 1, 0, 0, Map.of(), Map.of());
        ts = hv.xenStore().toolstack();
    }

    private ScriptedFrontend twoQueuesWithCtrl() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("feature-sg", null);
        keys.put("queue-1/extra", "x");
        return new ScriptedFrontend(front, 0, paths.frontend(), paths.backend(),
                new FrontendSetup(2, true, 5, -2, keys, Set.of(16383, 16380)));
    }

    @Test
    void xb3_keysRingRefsFromTheTopAndOverrides() {
        ScriptedFrontend fe = twoQueuesWithCtrl();
        fe.setUp();
        scheduler.runUntilIdle();
        String f = paths.frontend();
        assertEquals("2", ts.read(f + "/multi-queue-num-queues"));
        assertEquals("16382", ts.read(f + "/queue-0/tx-ring-ref"), "16383 is avoided");
        assertEquals("16381", ts.read(f + "/queue-0/rx-ring-ref"));
        assertEquals("16379", ts.read(f + "/queue-1/tx-ring-ref"), "16380 is avoided");
        assertEquals("16377", ts.read(f + "/ctrl-ring-ref"));
        assertEquals(Set.of(16382, 16381, 16379, 16378, 16377), fe.ringRefs());
        assertEquals("1", ts.read(f + "/request-rx-copy"));
        assertNull(ts.read(f + "/feature-sg"), "a null override is not written");
        assertEquals("x", ts.read(f + "/queue-1/extra"));
        assertNull(ts.read(f + "/tx-ring-ref"), "two queues use the queue-N/ layout only");
        assertEquals(Xenbus.STATE_INITIALISING, Xenbus.readState(ts, f), "waits for the backend's InitWait");
        Xenbus.switchState(ts, paths.backend(), Xenbus.STATE_INIT_WAIT);
        scheduler.runUntilIdle();
        assertEquals(Xenbus.STATE_CONNECTED, Xenbus.readState(ts, f));
    }

    @Test
    void ring4_ringsInitialisedAtTheirStartIndices() {
        ScriptedFrontend fe = twoQueuesWithCtrl();
        fe.setUp();
        SringHeader tx = new SringHeader(fe.ringFrame(RingKind.TX, 1).buf());
        assertEquals(5, tx.reqProd());
        assertEquals(5, tx.rspProd());
        assertEquals(6, tx.reqEvent());
        assertEquals(6, tx.rspEvent());
        SringHeader rx = new SringHeader(fe.ringFrame(RingKind.RX, 0).buf());
        assertEquals(-2, rx.rspProd());
        assertEquals(-1, rx.rspEvent());
        assertEquals(0, new SringHeader(fe.ringFrame(RingKind.CTRL, 0).buf()).reqProd());
    }

    @Test
    void ring5_pushPublishesAndNotifies_setReqProdIsHostile() {
        ScriptedFrontend fe = twoQueuesWithCtrl();
        fe.setUp();
        int[] delivered = new int[1];
        int port = back.events().bindInterdomain(1, Integer.parseInt(ts.read(paths.frontend() + "/queue-1/event-channel")));
        back.events().setHandler(port, () -> delivered[0]++);
        fe.writeTxRequest(1, new TxRequest(9, 0, 0, 3, 60));
        SringHeader tx = fe.ring(RingKind.TX, 1).header();
        assertEquals(5, tx.reqProd(), "written, not published");
        fe.push(RingKind.TX, 1);
        scheduler.runUntilIdle();
        assertEquals(6, tx.reqProd());
        assertEquals(1, delivered[0]);
        assertEquals(TxRequest.decode(fe.ring(RingKind.TX, 1).page(), fe.ring(RingKind.TX, 1).requestOffset(5)),
                new TxRequest(9, 0, 0, 3, 60));
        fe.setReqProd(RingKind.TX, 1, 300);
        scheduler.runUntilIdle();
        assertEquals(300, tx.reqProd());
        assertEquals(6, fe.ring(RingKind.TX, 1).reqProdPvt(), "the private producer is the frontend's own");
        assertEquals(2, delivered[0]);
    }

    @Test
    void gnt1_grantUsesTheExactGref_andRefusesReservedOrTakenOnes() {
        ScriptedFrontend fe = twoQueuesWithCtrl();
        fe.grant(40, 0, true);
        assertEquals(0, front.grantTable().entry(40).domid());
        assertThrows(IllegalArgumentException.class, () -> fe.grant(40, 0, false));
        assertThrows(IllegalArgumentException.class, () -> fe.grant(3, 0, false));
    }

    @Test
    void reconnect_retiredRingsAreReleasedOnceTheBackendLetsGo() {
        ScriptedFrontend fe = twoQueuesWithCtrl();
        fe.setUp();
        int handle = back.mapGrant(1, fe.ringRef(RingKind.TX, 0), false);
        fe.closed();
        assertEquals(List.of(16382), fe.disconnect(), "still mapped by the backend: not released");
        assertFalse(fe.hasConnection());
        back.unmapGrant(handle);
        assertEquals(List.of(), fe.releaseRetired());
    }
}
