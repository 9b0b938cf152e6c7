package dev.netifkit.netfront;

import dev.netifkit.proto.packet.Checksum;

import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.TxFlags;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TxPathTest {
    static final NetfrontSettings PLAIN = NetfrontSettings.DEFAULTS.withStaging(false);

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    static int send(World w, byte[] data, TxMeta meta) {
        ByteBuf buf = Unpooled.wrappedBuffer(data);
        return w.nf.transmit(0, buf, 0, data.length, meta);
    }

    @Test
    void tx1_packetCutAtPageBoundariesWithTotalSizeFirst() {
        try (World w = World.connected(PLAIN)) {
            byte[] data = pattern(9500, 1);
            long issued0 = w.nf.counters(0).grantsIssued();
            long ended0 = w.nf.counters(0).grantsEnded();
            TxMeta meta = new TxMeta().pageOffset(3000).checksum(Checksum.PARTIAL);
            assertEquals(TxResult.OK, send(w, data, meta));
            assertEquals(0, w.backend.q(0).tx.requestProducer() - w.backend.q(0).tx.reqCons(), "not published yet");
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
            assertArrayEquals(data, p.data());
            List<ScriptedBackend.TxReq> s = p.slots();
            assertEquals(4, s.size(), "3000 + 9500 bytes touch 4 pages: " + s);
            assertEquals(9500, s.get(0).size());
            assertEquals(3000, s.get(0).offset());
            assertEquals(TxFlags.CSUM_BLANK | TxFlags.DATA_VALIDATED | TxFlags.MORE_DATA, s.get(0).flags());
            assertEquals(4096, s.get(1).size());
            assertEquals(0, s.get(1).offset());
            assertEquals(TxFlags.MORE_DATA, s.get(1).flags());
            assertEquals(0, s.get(3).flags(), "the last has no more_data");
            for (ScriptedBackend.TxReq r : s) {
                assertTrue(r.offset() + (r == s.get(0) ? 1096 : r.size()) <= 4096, "TX-4: " + r);
            }
            assertEquals(4, w.nf.txInFlight(0));
            w.backend.txAnswer(0, p, NetifRsp.OKAY);
            w.backend.txPush(0);
            w.run();
            assertEquals(0, w.nf.txInFlight(0));
            FrontCounters c = w.nf.counters(0);
            assertEquals(1, c.txPackets());
            assertEquals(9500, c.txBytes());
            assertEquals(4, c.grantsIssued() - issued0, "one grant per slot");
            assertEquals(4, c.grantsEnded() - ended0, "each ended on completion");
            assertEquals(FrontState.CONNECTED, w.nf.state());
        }
    }

    @Test
    void tx2_checksumFlags() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), new TxMeta().checksum(Checksum.UNNECESSARY));
            send(w, pattern(60, 0), new TxMeta().checksum(Checksum.PARTIAL));
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            assertEquals(TxFlags.DATA_VALIDATED, w.backend.takeTxPacket(0).first().flags());
            // as Linux's netfront: a partial checksum is csum_blank and data_validated
            assertEquals(TxFlags.CSUM_BLANK | TxFlags.DATA_VALIDATED, w.backend.takeTxPacket(0).first().flags());
            assertEquals(0, w.backend.takeTxPacket(0).first().flags());
        }
    }

    @Test
    void tx7_gsoExtraAfterTheFirstRequestWhenOffered() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(5000, 2), new TxMeta().gso(GsoType.TCPV6, 1448));
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
            assertEquals(1, p.extraSlots());
            assertEquals(GsoType.TCPV6.code(), p.gsoType());
            assertEquals(1448, p.gsoSize());
            assertEquals(TxFlags.EXTRA_INFO | TxFlags.MORE_DATA, p.first().flags());
            assertArrayEquals(pattern(5000, 2), p.data());
            w.backend.txAnswer(0, p, NetifRsp.OKAY); // NULL for the extra, with a junk id
            w.backend.txPush(0);
            w.run();
            assertEquals(FrontState.CONNECTED, w.nf.state(), "FR-2: NULL responses are not id-checked");
            assertEquals(0, w.nf.txInFlight(0));
        }
        try (World w = World.connected(PLAIN, b -> b.feature("feature-gso-tcpv6", "0"))) {
            send(w, pattern(5000, 2), new TxMeta().gso(GsoType.TCPV6, 1448));
            w.nf.flush(0);
            w.run();
            assertEquals(0, w.backend.takeTxPacket(0).extraSlots(), "not offered: no extra");
        }
    }

    @Test
    void ring7_ringFullWhenFewerThan19RequestsAreFree() {
        try (World w = World.connected(PLAIN)) {
            int ok = 0;
            int r;
            while ((r = send(w, pattern(60, ok), null)) == TxResult.OK) {
                ok++;
            }
            assertEquals(TxResult.RING_FULL, r);
            assertEquals(256 - 19 + 1, ok, "stops once fewer than 19 are free");
            assertEquals(1, w.nf.counters(0).txRingFull());
            w.run();
            assertEquals(ok, w.backend.q(0).tx.requestProducer() - w.backend.q(0).tx.reqCons(),
                    "transmit published by itself when the ring ran out of room");
            // answering frees room: the next transmit succeeds
            for (ScriptedBackend.TxReq q : w.backend.takeTx(0)) {
                w.backend.txRespond(0, q.id(), NetifRsp.OKAY);
            }
            w.backend.txPush(0);
            w.run();
            assertEquals(TxResult.OK, send(w, pattern(60, 0), null));
        }
    }

    @Test
    void ring7_ringFullReapsAnsweredRequestsFirst() {
        try (World w = World.connected(PLAIN)) {
            for (int i = 0; i < 238; i++) {
                assertEquals(TxResult.OK, send(w, pattern(60, i), null));
            }
            w.nf.flush(0);
            w.run();
            for (ScriptedBackend.TxReq q : w.backend.takeTx(0)) {
                w.backend.txRespond(0, q.id(), NetifRsp.OKAY);
            }
            w.backend.q(0).tx.pushResponses(); // published, no notification yet
            assertEquals(TxResult.OK, send(w, pattern(60, 0), null), "start_xmit reaps like Linux's tx_buf_gc");
        }
    }

    @Test
    void tx6_tooBigAndMisuse() {
        try (World w = World.connected(PLAIN)) {
            ByteBuf big = Unpooled.wrappedBuffer(new byte[65536]);
            assertEquals(TxResult.TOO_BIG, w.nf.transmit(0, big, 0, 65536, null));
            assertEquals(1, w.nf.counters(0).asMap().get("tx_too_big"));
            assertEquals(TxResult.OK, w.nf.transmit(0, big, 0, 65535, new TxMeta().pageOffset(4095)));
            assertThrows(IllegalArgumentException.class, () -> w.nf.transmit(1, big, 0, 60, null));
            assertThrows(IllegalArgumentException.class, () -> w.nf.transmit(0, big, 65530, 60, null));
            assertThrows(IllegalArgumentException.class, () -> w.nf.transmit(0, null, 0, 60, null));
            assertThrows(IllegalArgumentException.class, () -> w.nf.transmit(0, big, 0, 0, null));
            assertThrows(IllegalArgumentException.class, () -> new TxMeta().pageOffset(4096));
        }
    }

    @Test
    void ring6_flushNotifiesOnlyWhenTheBackendAsks() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            assertEquals(1, w.nf.counters(0).notifySent());
            assertEquals(1, w.backend.q(0).txEvents);
            // the backend did not consume nor move req_event: the next push must not notify
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            assertEquals(1, w.nf.counters(0).notifySent());
            assertEquals(1, w.nf.counters(0).notifySuppressed());
            w.nf.flush(0); // nothing new: nothing at all
            assertEquals(1, w.nf.counters(0).notifySuppressed());
        }
    }

    @Test
    void ring3_indicesWrapThrough2To32() {
        try (World w = World.connected(PLAIN.withTxStart(0xFFFF_FFF0))) {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(TxResult.OK, send(w, pattern(100, i), null));
                }
                w.nf.flush(0);
                w.run();
                for (int i = 0; i < 10; i++) {
                    ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
                    assertArrayEquals(pattern(100, i), p.data());
                    w.backend.txAnswer(0, p, NetifRsp.OKAY);
                }
                w.backend.txPush(0);
                w.run();
            }
            assertEquals(FrontState.CONNECTED, w.nf.state());
            assertEquals(0, w.nf.txInFlight(0));
            assertTrue(Integer.compareUnsigned(w.backend.q(0).tx.reqCons(), 0xFFFF_FFF0) < 0, "wrapped");
        }
    }

    @Test
    void tx3_errorResponsesAreCountedAndBuffersReleased() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(5000, 0), null);
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
            w.backend.txRespond(0, p.slots().get(0).id(), NetifRsp.ERROR);
            w.backend.txRespond(0, p.slots().get(1).id(), NetifRsp.DROPPED);
            w.backend.txPush(0);
            w.run();
            assertEquals(2, w.nf.counters(0).txErrors());
            assertEquals(0, w.nf.txInFlight(0));
            assertEquals(FrontState.CONNECTED, w.nf.state());
        }
    }

    // ------------------------------------------------------------------ FR-1..FR-3

    @Test
    void fr1_txResponseProducerOverflowBreaksTheDevice() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            int cons = w.backend.q(0).tx.rspProdPvt();
            w.backend.txRawProducer(0, cons + 257);
            w.run();
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("FR-1", w.nf.brokenClause());
            assertTrue(w.nf.brokenReason().contains("257 ahead"), w.nf.brokenReason());
            assertNotNull(w.hv.xenStore().toolstack().read(w.paths.frontend() + "/error"));
            assertNoMoreRequests(w);
        }
    }

    @Test
    void fr1_txResponsesForRequestsNeverMadeBreakTheDevice() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            int cons = w.backend.q(0).tx.rspProdPvt();
            w.backend.txRawProducer(0, cons + 2); // one request outstanding, two responses claimed
            w.run();
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("FR-1", w.nf.brokenClause());
        }
    }

    @Test
    void fr1_responsesToWrittenButUnpublishedRequestsBreakTheDevice() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null); // written, not flushed: the backend must not have seen it
            int id = w.backend.q(0).tx.page().getUnsignedShortLE(
                    w.backend.q(0).tx.geometry().slotOffset(w.backend.q(0).tx.reqCons())
                    + dev.netifkit.proto.tx.TxRequestLayout.ID_OFFSET); // peek at the unpublished slot
            w.backend.txRespond(0, id, NetifRsp.OKAY);
            w.backend.txPush(0);
            w.run();
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("FR-1", w.nf.brokenClause());
            assertTrue(w.nf.brokenReason().contains("never published"), w.nf.brokenReason());
        }
    }

    /** BROKEN: no request and no notification leaves the frontend any more. */
    static void assertNoMoreRequests(World w) {
        var before = w.front.counters().snapshot();
        int reqProd = w.backend.q(0).tx.requestProducer();
        assertEquals(TxResult.BROKEN, send(w, pattern(60, 0), null));
        w.nf.flush(0);
        w.run();
        assertEquals(reqProd, w.backend.q(0).tx.requestProducer());
        assertEquals(before.notificationsSent(), w.front.counters().snapshot().notificationsSent());
    }

    @Test
    void fr2_duplicateIdBreaksTheDevice() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null);
            send(w, pattern(60, 1), null);
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
            w.backend.txRespond(0, p.first().id(), NetifRsp.OKAY);
            w.backend.txRespond(0, p.first().id(), NetifRsp.OKAY);
            w.backend.txPush(0);
            w.run();
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("FR-2", w.nf.brokenClause());
            assertTrue(w.nf.brokenReason().contains("not in flight"), w.nf.brokenReason());
            assertNoMoreRequests(w);
        }
    }

    @Test
    void fr2_unsolicitedIdBreaksTheDevice() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            int id = w.backend.takeTxPacket(0).first().id();
            w.backend.txRespond(0, id + 7, NetifRsp.OKAY);
            w.backend.txPush(0);
            w.run();
            assertEquals("FR-2", w.nf.brokenClause());
        }
    }

    @Test
    void fr2_idBeyondTheRingBreaksTheDevice() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            w.backend.takeTxPacket(0);
            w.backend.txRespond(0, 256, NetifRsp.OKAY);
            w.backend.txPush(0);
            w.run();
            assertEquals("FR-2", w.nf.brokenClause());
            assertTrue(w.nf.brokenReason().contains(">= ring entries 256"), w.nf.brokenReason());
        }
    }

    @Test
    void fr2_nullStatusResponsesAreSkippedWithoutAnIdCheck() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), new TxMeta().gso(GsoType.TCPV4, 1000));
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
            w.backend.txRespond(0, p.first().id(), NetifRsp.OKAY);
            w.backend.txRespond(0, 0xFFFF, NetifRsp.NULL);
            w.backend.txPush(0);
            w.run();
            assertEquals(FrontState.CONNECTED, w.nf.state());
        }
    }

    @Test
    void fr3_pageStillMappedAtCompletionBreaksAndIsNeverReused() {
        try (World w = World.connected(PLAIN)) {
            send(w, pattern(60, 0), null);
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
            int gref = p.first().gref();
            w.backend.keepTestMappings = true;
            w.backend.mapAndKeep(gref, true);
            w.backend.txAnswer(0, p, NetifRsp.OKAY);
            w.backend.txPush(0);
            w.run();
            assertEquals(FrontState.BROKEN, w.nf.state());
            assertEquals("FR-3", w.nf.brokenClause());
            assertTrue(w.front.grantTable().isGranted(gref), "never ended: the backend maps it");
            assertEquals(1, w.nf.counters(0).grantsLeaked());
            assertNoMoreRequests(w);
            w.closeFront();
            assertEquals(FrontState.CLOSED, w.nf.state());
            assertEquals(1, w.front.grantTable().grantedCount(), "only the leaked grant is left");
            assertTrue(w.front.grantTable().isGranted(gref));
            assertEquals(1, w.front.frameCount(), "its page is never freed nor reused");
            for (int i = 0; i < 600; i++) {
                int ref = w.front.grantTable().allocateRef();
                assertFalse(ref == gref, "gref " + gref + " reused");
                w.front.grantTable().freeRef(ref);
            }
        }
    }

    @Test
    void fr5_untrustedTxPagesShareNoByteBeyondThePacket() {
        assertEquals(0, leftovers(false), "trusted=false: the bounce page was zeroed");
        assertTrue(leftovers(true) > 0, "trusted pages are reused as they are: this check can fail");
    }

    /** Sends a big packet, then a small one at offset 100 in the same page; counts non-zero bytes outside it. */
    private static int leftovers(boolean trusted) {
        try (World w = World.connected(PLAIN.withTrusted(trusted))) {
            byte[] big = new byte[4096];
            java.util.Arrays.fill(big, (byte) 0xAA);
            send(w, big, null);
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt p = w.backend.takeTxPacket(0);
            w.backend.txAnswer(0, p, NetifRsp.OKAY);
            w.backend.txPush(0);
            w.run();
            byte[] small = new byte[10];
            java.util.Arrays.fill(small, (byte) 0x55);
            send(w, small, new TxMeta().pageOffset(100));
            w.nf.flush(0);
            w.run();
            ScriptedBackend.TxPkt q = w.backend.takeTxPacket(0);
            byte[] page = w.backend.readFront(q.first().gref(), 0, 4096);
            int dirty = 0;
            for (int i = 0; i < 4096; i++) {
                if ((i < 100 || i >= 110) && page[i] != 0) {
                    dirty++;
                }
            }
            return dirty;
        }
    }
}
