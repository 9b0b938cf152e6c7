package dev.netifkit.netfront;

import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.RxFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static dev.netifkit.netfront.TxPathTest.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RxPathTest {
    static final NetfrontSettings PLAIN = NetfrontSettings.DEFAULTS.withStaging(false);

    @Test
    void rx2_multiSlotPacketReassembled() {
        try (World w = World.connected(PLAIN)) {
            byte[] data = pattern(10000, 3);
            w.backend.deliver(0, data, RxFlags.DATA_VALIDATED | RxFlags.CSUM_BLANK, 0, 0);
            w.run();
            assertEquals(1, w.received.size());
            World.Rx p = w.received.get(0);
            assertArrayEquals(data, p.data());
            assertEquals(3, p.segments());
            assertTrue(p.dataValidated());
            assertTrue(p.csumBlank());
            assertEquals(1, w.nf.counters(0).rxPackets());
            assertEquals(10000, w.nf.counters(0).rxBytes());
            assertEquals(256, w.backend.rxAvailable(0), "the three buffers were posted again");
        }
    }

    @Test
    void rx3_gsoExtraBecomesMetadata() {
        try (World w = World.connected(PLAIN)) {
            w.backend.deliver(0, pattern(6000, 1), 0, GsoType.TCPV4.code(), 1448);
            w.run();
            World.Rx p = w.received.get(0);
            assertEquals(GsoType.TCPV4.code(), p.gsoType());
            assertEquals(1448, p.gsoSize());
            assertArrayEquals(pattern(6000, 1), p.data());
        }
    }

    @Test
    void rx3_hashExtraBecomesMetadata() {
        try (World w = World.connected(PLAIN)) {
            ScriptedBackend.RxPost a = w.backend.takeRx(0);
            ScriptedBackend.RxPost b = w.backend.takeRx(0);
            w.backend.writeFront(a.gref(), 0, pattern(60, 9));
            w.backend.rxRespond(0, a.id(), 0, RxFlags.EXTRA_INFO, 60);
            w.backend.rxExtra(0).type(4).flags(0).hashType(1).hashAlgorithm(1).hashValue(0x51ccc178);
            w.backend.rxPush(0);
            w.run();
            World.Rx p = w.received.get(0);
            assertTrue(p.hashed());
            assertEquals(1, p.hashType(), "the type's bit number, IPV4_TCP");
            assertEquals(0x51ccc178, p.hash());
            assertArrayEquals(pattern(60, 9), p.data());
            assertTrue(b.index() != a.index());
        }
    }

    @Test
    void rx4_dataFromAnOffsetInThePage() {
        try (World w = World.connected(PLAIN)) {
            ScriptedBackend.RxPost a = w.backend.takeRx(0);
            w.backend.writeFront(a.gref(), 4000, pattern(96, 2));
            w.backend.rxRespond(0, a.id(), 4000, 0, 96);
            w.backend.rxPush(0);
            w.run();
            assertArrayEquals(pattern(96, 2), w.received.get(0).data(), "offset + status = 4096 is fine");
        }
    }

    /** The FR-4 faults, each written raw by the hostile backend. */
    enum Fault {
        BAD_STATUS("rx_dropped_bad_status"),
        BAD_OFFSET("rx_dropped_bad_offset"),
        BAD_ID("rx_dropped_bad_id"),
        TOO_MANY_SLOTS("rx_dropped_too_many_slots"),
        MISSING_EXTRA("rx_dropped_missing_extra"),
        EXTRA_TYPE_0("rx_dropped_bad_extra"),
        EXTRA_TYPE_UNKNOWN("rx_dropped_bad_extra"),
        BAD_GSO("rx_dropped_bad_gso"),
        CHAIN_CUT("rx_dropped_incomplete");

        final String counter;

        Fault(String counter) {
            this.counter = counter;
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void fr4_badResponseDropsThePacketKeepsTheDeviceAndRepostsBuffers(Fault fault) {
        try (World w = World.connected(PLAIN)) {
            ScriptedBackend b = w.backend;
            switch (fault) {
                case BAD_STATUS -> {
                    ScriptedBackend.RxPost p = b.takeRx(0);
                    b.rxRespond(0, p.id(), 0, 0, -1);
                }
                case BAD_OFFSET -> {
                    ScriptedBackend.RxPost p = b.takeRx(0);
                    b.rxRespond(0, p.id(), 4000, 0, 97);
                }
                case BAD_ID -> {
                    ScriptedBackend.RxPost p = b.takeRx(0);
                    b.rxRespond(0, p.id() + 1, 0, 0, 60);
                }
                case TOO_MANY_SLOTS -> {
                    for (int i = 0; i < 19; i++) {
                        ScriptedBackend.RxPost p = b.takeRx(0);
                        b.rxRespond(0, p.id(), 0, i < 18 ? RxFlags.MORE_DATA : 0, 100);
                    }
                }
                case MISSING_EXTRA -> {
                    ScriptedBackend.RxPost p = b.takeRx(0);
                    b.rxRespond(0, p.id(), 0, RxFlags.EXTRA_INFO, 60);
                }
                case EXTRA_TYPE_0, EXTRA_TYPE_UNKNOWN -> {
                    ScriptedBackend.RxPost p = b.takeRx(0);
                    b.takeRx(0);
                    b.rxRespond(0, p.id(), 0, RxFlags.EXTRA_INFO, 60);
                    b.rxExtra(0).type(fault == Fault.EXTRA_TYPE_0 ? 0 : 7).flags(0);
                }
                case BAD_GSO -> {
                    ScriptedBackend.RxPost p = b.takeRx(0);
                    b.takeRx(0);
                    b.rxRespond(0, p.id(), 0, RxFlags.EXTRA_INFO, 60);
                    b.rxExtra(0).type(1).flags(0).gsoSize(0).gsoType(1);
                }
                default -> {
                    ScriptedBackend.RxPost p = b.takeRx(0);
                    b.rxRespond(0, p.id(), 0, RxFlags.MORE_DATA, 60);
                }
            }
            b.rxPush(0);
            w.run();
            assertEquals(FrontState.CONNECTED, w.nf.state(), "FR-4: the device stays up");
            assertEquals(0, w.received.size());
            assertEquals(1L, w.nf.counters(0).asMap().get(fault.counter), w.nf.counters(0).asMap().toString());
            assertEquals(1, w.nf.counters(0).rxDroppedBad());
            assertEquals(256, b.rxAvailable(0), "its buffers went back to the ring");
            b.deliver(0, pattern(1500, 4), 0, 0, 0);
            w.run();
            assertEquals(1, w.received.size(), "the next packet is received");
            assertArrayEquals(pattern(1500, 4), w.received.get(0).data());
        }
    }

    @Test
    void fr1_rxResponseProducerOverflowBreaksTheDevice() {
        try (World w = World.connected(PLAIN)) {
            w.backend.rxRawProducer(0, w.backend.q(0).rx.rspProdPvt() + 257);
            w.run();
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("FR-1", w.nf.brokenClause());
        }
    }

    @Test
    void fr1_rxResponseProducerMovingBackwardsBreaksTheDevice() {
        try (World w = World.connected(PLAIN)) {
            int start = w.backend.q(0).rx.rspProdPvt();
            w.backend.deliver(0, pattern(100, 0), 0, 0, 0);
            w.backend.deliver(0, pattern(100, 1), 0, 0, 0);
            w.run();
            assertEquals(2, w.received.size());
            w.backend.rxRawProducer(0, start + 1);
            w.run();
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("FR-1", w.nf.brokenClause());
            assertTrue(w.nf.brokenReason().contains("backwards"), w.nf.brokenReason());
            int posted = w.backend.q(0).rx.requestProducer();
            w.backend.rxRawProducer(0, start + 2);
            w.run();
            assertEquals(posted, w.backend.q(0).rx.requestProducer(), "broken: nothing posted any more");
        }
    }

    @Test
    void fr5_untrustedRxPagesAreZeroedBeforePosting() {
        assertEquals(0, repostedDirtyBytes(false));
        assertTrue(repostedDirtyBytes(true) > 0, "trusted pages are reposted as they are: this check can fail");
    }

    private static int repostedDirtyBytes(boolean trusted) {
        try (World w = World.connected(PLAIN.withTrusted(trusted))) {
            for (int s = 0; s < 256; s++) {
                ScriptedBackend.RxPost p = w.backend.peekRx(0, w.backend.q(0).rx.reqCons() + s);
                assertTrue(Arrays.equals(new byte[4096], w.backend.readFront(p.gref(), 0, 4096)), "fresh page " + s);
            }
            byte[] data = new byte[4096];
            Arrays.fill(data, (byte) 0xCC);
            w.backend.deliver(0, data, 0, 0, 0);
            w.run();
            int index = w.backend.q(0).rx.requestProducer() - 1;
            byte[] page = w.backend.readFront(w.backend.peekRx(0, index).gref(), 0, 4096);
            int dirty = 0;
            for (byte x : page) {
                if (x != 0) {
                    dirty++;
                }
            }
            return dirty;
        }
    }

    @Test
    void fr6_spuriousNotificationStormCostsBoundedWork() {
        try (World w = World.connected(PLAIN)) {
            var before = w.front.counters().snapshot();
            int reqProd = w.backend.q(0).rx.requestProducer();
            for (int i = 0; i < 1000; i++) {
                w.backend.spuriousNotify(0);
                w.run();
            }
            var delta = w.front.counters().snapshot().minus(before);
            assertEquals(1000, w.nf.counters(0).spuriousEvents());
            assertEquals(1000, delta.eventsDelivered());
            assertEquals(0, delta.hypercalls(), "no notification, no grant operation per spurious event");
            assertEquals(reqProd, w.backend.q(0).rx.requestProducer());
            assertEquals(FrontState.CONNECTED, w.nf.state());
            for (int i = 0; i < 1000; i++) {
                w.backend.spuriousNotify(0); // not run in between: coalesced (GNT-5)
            }
            w.run();
            assertEquals(1001, w.nf.counters(0).spuriousEvents());
        }
    }

    @Test
    void ring3_rxIndicesWrapThrough2To32() {
        try (World w = World.connected(PLAIN.withRxStart(0xFFFF_FF00))) {
            for (int i = 0; i < 600; i++) {
                w.backend.deliver(0, pattern(64 + i, i), 0, 0, 0);
                if (i % 50 == 49) {
                    w.run();
                }
            }
            w.run();
            assertEquals(600, w.received.size());
            assertArrayEquals(pattern(64 + 599, 599), w.received.get(599).data());
            assertEquals(FrontState.CONNECTED, w.nf.state());
            assertFalse(Integer.compareUnsigned(w.backend.q(0).rx.reqCons(), 0xFFFF_FF00) >= 0, "wrapped");
        }
    }

    @Test
    void fr3_rxPageStillMappedAfterItsResponseBreaksTheDevice() {
        try (World w = World.connected(PLAIN)) {
            ScriptedBackend.RxPost p = w.backend.takeRx(0);
            w.backend.keepTestMappings = true;
            w.backend.mapAndKeep(p.gref(), false);
            w.backend.rxRespond(0, p.id(), 0, 0, 60);
            w.backend.rxPush(0);
            w.run();
            assertEquals("FR-3", w.nf.brokenClause());
            assertTrue(w.front.grantTable().isGranted(p.gref()));
            w.closeFront();
            assertEquals(1, w.front.grantTable().grantedCount());
        }
    }

    @Test
    void sinkThatThrowsIsCountedNotFatal() {
        World w = new World();
        w.backend.start();
        w.nf = new Netfront(w.front, w.paths.frontend(), PLAIN, (q, p) -> {
            throw new IllegalStateException("sink bug");
        });
        w.nf.start();
        w.run();
        try (w) {
            w.backend.deliver(0, pattern(60, 0), 0, 0, 0);
            w.run();
            assertEquals(1L, w.nf.counters(0).asMap().get("sink_errors"));
            assertEquals(FrontState.CONNECTED, w.nf.state());
        }
    }
}
