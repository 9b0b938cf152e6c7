package dev.netifkit.netfront;

import dev.netifkit.hv.xenstore.Xenbus;
import dev.netifkit.proto.ring.SringHeader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest {
    private static final NetfrontSettings PLAIN = NetfrontSettings.DEFAULTS.withStaging(false);

    private static Map<String, String> keys(World w) {
        Map<String, String> k = new TreeMap<>(w.backend.keysAtConnect);
        k.keySet().removeAll(java.util.Set.of("backend", "backend-id", "handle", "state"));
        return k;
    }

    @Test
    void xb3_oneQueueSplitChannelsKeysInTheFrontendDirectory() {
        try (World w = World.connected(PLAIN)) {
            assertEquals(FrontState.CONNECTED, w.nf.state());
            Map<String, String> k = keys(w);
            assertEquals(new java.util.TreeSet<>(java.util.List.of("tx-ring-ref", "rx-ring-ref", "event-channel-tx",
                    "event-channel-rx", "request-rx-copy", "feature-rx-notify", "feature-sg", "feature-gso-tcpv4",
                    "feature-gso-tcpv6", "feature-ipv6-csum-offload", "ctrl-ring-ref", "event-channel-ctrl")),
                    k.keySet());
            assertEquals("1", k.get("request-rx-copy"));
            assertEquals("1", k.get("feature-rx-notify"));
            assertTrue(w.nf.splitEventChannels());
            assertEquals(Integer.toString(Xenbus.STATE_CONNECTED), w.hv.xenStore().toolstack()
                    .read(w.paths.frontend() + "/state"));
        }
    }

    @Test
    void xb3_singleChannelWhenNotAskedOrNotOffered() {
        try (World w = World.connected(PLAIN.withSplitEventChannels(false))) {
            assertTrue(keys(w).containsKey("event-channel"));
            assertFalse(keys(w).containsKey("event-channel-tx"));
        }
        try (World w = World.connected(PLAIN, b -> b.feature("feature-split-event-channels", "0"))) {
            assertTrue(keys(w).containsKey("event-channel"));
            assertFalse(w.nf.splitEventChannels());
        }
    }

    @Test
    void xb3_fourQueuesUnderQueueDirectories() {
        for (boolean split : new boolean[] {true, false}) {
            try (World w = World.connected(PLAIN.withQueues(4).withSplitEventChannels(split))) {
                Map<String, String> k = keys(w);
                assertEquals("4", k.get("multi-queue-num-queues"));
                assertFalse(k.containsKey("tx-ring-ref"), "no top-level ring refs with 4 queues");
                for (int q = 0; q < 4; q++) {
                    assertNotNull(k.get("queue-" + q + "/tx-ring-ref"));
                    assertNotNull(k.get("queue-" + q + "/rx-ring-ref"));
                    assertEquals(split, k.containsKey("queue-" + q + "/event-channel-tx"));
                    assertEquals(split, k.containsKey("queue-" + q + "/event-channel-rx"));
                    assertEquals(!split, k.containsKey("queue-" + q + "/event-channel"));
                }
                assertEquals(4, w.nf.queueCount());
                assertEquals(4, w.backend.queues.size());
                assertEquals(FrontState.CONNECTED, w.nf.state());
            }
        }
    }

    @Test
    void xb3_queuesClampedToTheBackendsMaximum() {
        try (World w = World.connected(PLAIN.withQueues(4), b -> b.feature("multi-queue-max-queues", "2"))) {
            assertEquals(2, w.nf.queueCount());
            assertEquals("2", keys(w).get("multi-queue-num-queues"));
        }
        try (World w = World.connected(PLAIN.withQueues(4), b -> b.feature("multi-queue-max-queues", null))) {
            assertEquals(1, w.nf.queueCount());
            assertFalse(keys(w).containsKey("multi-queue-num-queues"));
        }
    }

    @Test
    void xb3_ctrlRingKeysOnlyWhenOfferedAndAsked() {
        try (World w = World.connected(PLAIN, b -> b.feature("feature-ctrl-ring", "0"))) {
            assertFalse(keys(w).containsKey("ctrl-ring-ref"));
            assertFalse(w.nf.ctrlRing());
        }
        try (World w = World.connected(PLAIN.withUseCtrlRing(false))) {
            assertFalse(keys(w).containsKey("ctrl-ring-ref"));
            assertFalse(keys(w).containsKey("event-channel-ctrl"));
        }
        try (World w = World.connected(PLAIN.withRequestMulticastControl(true))) {
            assertEquals("1", keys(w).get("request-multicast-control"));
        }
    }

    @Test
    void xb3_wholeRxRingPostedBeforeConnected() {
        try (World w = World.connected(PLAIN)) {
            assertEquals(256, w.backend.rxPostedAtConnect);
        }
    }

    @Test
    void ring4_ringsInitialisedAtTheStartIndex() {
        int start = 0xFFFF_FFF0;
        try (World w = World.connected(PLAIN.withTxStart(start).withRxStart(start - 5))) {
            SringHeader tx = w.backend.q(0).tx.header();
            assertEquals(start, tx.reqProd());
            assertEquals(start, tx.rspProd());
            assertEquals(start + 1, tx.rspEvent());
            SringHeader rx = w.backend.q(0).rx.header();
            assertEquals(start - 5 + 256, rx.reqProd(), "the whole rx ring is posted from the start index");
            assertEquals(start - 5, rx.rspProd());
        }
    }

    @Test
    void xb2_backendWithoutRxCopyIsRefused() {
        try (World w = World.connected(PLAIN, b -> b.feature("feature-rx-copy", null))) {
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("XB-2", w.nf.brokenClause());
            assertEquals(0, w.front.grantTable().grantedCount(), "nothing shared");
            w.closeFront();
            assertEquals(FrontState.CLOSED, w.nf.state());
            assertEquals(0, w.front.frameCount());
        }
    }

    @Test
    void close_leavesTheGrantTableEmptyAndEveryFrameFreed() {
        try (World w = World.connected(PLAIN.withQueues(2))) {
            byte[] data = new byte[6000];
            for (int i = 0; i < 10; i++) {
                assertEquals(TxResult.OK, w.nf.transmit(0, io.netty.buffer.Unpooled.wrappedBuffer(data), 0,
                        data.length, null));
            }
            w.nf.flush(0);
            w.run();
            assertTrue(w.front.grantTable().grantedCount() > 0);
            w.closeFront(); // requests in flight, never answered: ended once the backend is gone
            assertEquals(FrontState.CLOSED, w.nf.state());
            assertEquals(0, w.front.grantTable().grantedCount());
            assertEquals(0, w.front.grantTable().allocatedCount());
            assertEquals(0, w.front.frameCount());
            assertEquals(0, w.front.events().openPortCount());
            assertEquals(Xenbus.STATE_CLOSED, w.backend.state());
            assertEquals(Integer.toString(Xenbus.STATE_CLOSED), w.hv.xenStore().toolstack()
                    .read(w.paths.frontend() + "/state"));
            assertEquals(TxResult.NOT_CONNECTED, w.nf.transmit(0, io.netty.buffer.Unpooled.wrappedBuffer(data), 0,
                    60, null));
        }
    }

    @Test
    void close_waitsForTheBackendBeforeEndingGrants() {
        try (World w = World.connected(PLAIN)) {
            w.nf.close();
            assertEquals(FrontState.CLOSING, w.nf.state());
            assertTrue(w.front.grantTable().grantedCount() > 0, "the backend still maps the rings");
            w.run();
            assertEquals(FrontState.CLOSED, w.nf.state());
            assertEquals(0, w.front.grantTable().grantedCount());
        }
    }

    @Test
    void reconnect_makesANewConnection() {
        try (World w = World.connected(PLAIN.withQueues(2))) {
            w.nf.reconnect();
            w.run();
            assertEquals(FrontState.CONNECTED, w.nf.state());
            assertEquals(2, w.nf.connections());
            assertEquals(2, w.backend.connects);
            assertEquals(2, w.nf.queueCount());
            w.closeFront();
            assertEquals(0, w.front.grantTable().grantedCount());
            w.nf.reconnect(); // from Closed too
            w.run();
            assertEquals(FrontState.CONNECTED, w.nf.state());
            assertEquals(3, w.backend.connects);
        }
    }

    @Test
    void xb3_staleKeysOfAnEarlierLayoutAreRemoved() {
        World w = new World();
        var ts = w.hv.xenStore().toolstack();
        ts.write(w.paths.frontend() + "/queue-7/tx-ring-ref", "99");
        ts.write(w.paths.frontend() + "/event-channel", "42");
        ts.write(w.paths.frontend() + "/multi-queue-num-queues", "8");
        w.backend.start();
        w.nf = new Netfront(w.front, w.paths.frontend(), PLAIN, (q, p) -> {
        });
        w.nf.start();
        w.run();
        try (w) {
            assertEquals(FrontState.CONNECTED, w.nf.state());
            assertNull(ts.read(w.paths.frontend() + "/queue-7"));
            assertNull(ts.read(w.paths.frontend() + "/event-channel"), "split channels now");
            assertNull(ts.read(w.paths.frontend() + "/multi-queue-num-queues"));
        }
    }

    @Test
    void backendThatGoesAwayClosesTheFrontend() {
        try (World w = World.connected(PLAIN, b -> b.autoConnect = false)) {
            assertEquals(FrontState.CONNECTING, w.nf.state());
            assertEquals(TxResult.NOT_CONNECTED, w.nf.transmit(0, io.netty.buffer.Unpooled.wrappedBuffer(new byte[60]),
                    0, 60, null));
            w.backend.refuse("XB-4: refused");
            w.run();
            assertEquals(FrontState.CLOSED, w.nf.state());
            assertTrue(w.nf.closeReason().contains("XB-4: refused"), w.nf.closeReason());
            assertEquals(0, w.front.grantTable().grantedCount());
            assertEquals(0, w.nf.grantsLeakedAtClose());
        }
    }

    @Test
    void start_misuse() {
        World w = new World();
        Netfront nf = new Netfront(w.front, "/local/domain/1/device/vif/9", PLAIN, (q, p) -> {
        });
        assertThrows(IllegalStateException.class, nf::start);
        assertThrows(IllegalArgumentException.class, () -> new Netfront(null, "/x", PLAIN, (q, p) -> {
        }));
        assertThrows(IllegalStateException.class, nf::reconnect);
    }
}
