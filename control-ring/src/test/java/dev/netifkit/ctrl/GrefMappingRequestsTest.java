package dev.netifkit.ctrl;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.hv.Frame;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.ctrl.GrefLayout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Staging grants on the backend: SG-2..SG-6 and BK-21, with exact hypervisor counters. */
class GrefMappingRequestsTest {
    private static final int SUCCESS = CtrlStatus.SUCCESS.code();
    private static final int NOT_SUPPORTED = CtrlStatus.NOT_SUPPORTED.code();
    private static final int INVALID = CtrlStatus.INVALID_PARAMETER.code();

    /** A gref list page: entries {ref, flags, status}. */
    static byte[] list(int[] grefs, int flags, int status) {
        byte[] b = new byte[grefs.length * GrefLayout.LENGTH];
        ByteBuf buf = Unpooled.wrappedBuffer(b);
        for (int i = 0; i < grefs.length; i++) {
            new Gref(grefs[i], flags, status).encode(buf, i * GrefLayout.LENGTH);
        }
        return b;
    }

    static byte[] list(int... grefs) {
        return list(grefs, 0, 0);
    }

    private static int[] stage(CtrlRig rig, int n, boolean grantReadonly) {
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = rig.grantPage(new byte[] {(byte) i}, grantReadonly);
        }
        return g;
    }

    private static CtrlResponse add(CtrlRig rig, int queue, int listGref, int count) {
        return rig.call(new CtrlRequest(1, CtrlType.ADD_GREF_MAPPING.code(), queue, listGref, count));
    }

    private static CtrlResponse del(CtrlRig rig, int queue, int listGref, int count) {
        return rig.call(new CtrlRequest(2, CtrlType.DEL_GREF_MAPPING.code(), queue, listGref, count));
    }

    private static int[] statuses(CtrlRig rig, int listGref, int count) {
        ByteBuf b = rig.page(listGref).buf();
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = b.getUnsignedShortLE(i * GrefLayout.LENGTH + GrefLayout.STATUS_OFFSET);
        }
        return s;
    }

    // ------------------------------------------------------------------ SG-2

    @Test
    void sg2_getGrefMappingSizeIsTheTotalCapacityOfThatQueue() {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(3).capacity(64).build()) {
            CtrlRequest get0 = new CtrlRequest(5, CtrlType.GET_GREF_MAPPING_SIZE.code(), 0, 0, 0);
            assertEquals(new CtrlResponse(5, 8, SUCCESS, 64), rig.call(get0));
            int[] g = stage(rig, 10, false);
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(list(g), true), 10).status());
            assertEquals(64, rig.call(get0).data(), "capacity, not what is left");
            assertEquals(64, rig.call(new CtrlRequest(5, 8, 2, 0, 0)).data());
        }
    }

    @ParameterizedTest(name = "queue {0}")
    @ValueSource(ints = {3, 4, 0x7FFFFFFF, -1})
    void sg2_queueOutOfRangeIsInvalidParameter(int queue) {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(3).build()) {
            assertEquals(new CtrlResponse(5, 8, INVALID, 0),
                    rig.call(new CtrlRequest(5, CtrlType.GET_GREF_MAPPING_SIZE.code(), queue, 0, 0)));
        }
    }

    @Test
    void sg2_aBackendWithoutStagingAnswersNotSupportedToAllThree() {
        try (CtrlRig rig = CtrlRig.builder().client(false).staging(false).build()) {
            int[] g = stage(rig, 2, false);
            int listGref = rig.grantPage(list(g), false);
            Hypercalls h = Hypercalls.of(rig.back);
            for (CtrlType t : new CtrlType[] {CtrlType.GET_GREF_MAPPING_SIZE, CtrlType.ADD_GREF_MAPPING,
                CtrlType.DEL_GREF_MAPPING}) {
                assertEquals(new CtrlResponse(9, t.code(), NOT_SUPPORTED, 0),
                        rig.call(new CtrlRequest(9, t.code(), 0, listGref, 2)), t.name());
                assertEquals(new CtrlResponse(9, t.code(), NOT_SUPPORTED, 0),
                        rig.call(new CtrlRequest(9, t.code(), 99, 0, 9999)), t.name());
            }
            assertEquals(0, h.grantHypercalls());
            assertEquals(1, rig.back.activeMappingCount(), "only the ring");
        }
    }

    // ------------------------------------------------------------------ SG-3

    @Test
    void sg3_addMapsTheWholeListWithOneCopyAndOneMapHypercall() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 16, false);
            int listGref = rig.grantPage(list(g), true);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(new CtrlResponse(1, 9, SUCCESS, 0), add(rig, 1, listGref, 16));
            CounterSnapshot d = h.delta();
            assertEquals(2, h.grantHypercalls(), "one grant copy (the list) + one map batch: " + d);
            assertEquals(1, d.grantCopyOps());
            assertEquals(16 * 8, d.grantCopyBytes());
            assertEquals(16, d.grantMaps());
            assertEquals(0, d.grantUnmaps());
            assertEquals(0, d.tlbFlushes());
            GrefMappingTable t = rig.tables[1];
            assertEquals(16, t.size());
            assertEquals(0, rig.tables[0].size());
            for (int i = 0; i < 16; i++) {
                int e = t.find(g[i]);
                assertTrue(e >= 0);
                assertEquals(g[i], t.gref(e));
                assertEquals(i, t.view(e).getByte(0), "the view is the frontend's page");
            }
            assertEquals(17, rig.back.activeMappingCount());
            assertEquals(16, rig.backend.counters().grefsMapped());
        }
    }

    @Test
    void sg3_oneUnmappableEntryUndoesTheOthersInOneUnmapBatch() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 8, false);
            int[] withBad = {g[0], g[1], g[2], 4000 /* never granted */, g[4], g[5], g[6], g[7]};
            int listGref = rig.grantPage(list(withBad), true);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(INVALID, add(rig, 0, listGref, 8).status());
            CounterSnapshot d = h.delta();
            assertEquals(3, h.grantHypercalls(), "copy + map batch + one unmap batch: " + d);
            assertEquals(7, d.grantMaps());
            assertEquals(7, d.grantUnmaps());
            assertEquals(1, d.tlbFlushes());
            assertEquals(0, rig.tables[0].size());
            assertEquals(1, rig.back.activeMappingCount(), "only the ring is mapped");
            for (int gref : g) {
                assertTrue(!rig.front.grantTable().inUse(gref), "gref " + gref + " released");
            }
        }
    }

    @Test
    void sg3_bk21_aWritableRequestOfAReadOnlyGrantCannotBeMapped() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] ro = stage(rig, 2, true);
            assertEquals(INVALID, add(rig, 0, rig.grantPage(list(ro), true), 2).status());
            assertEquals(0, rig.tables[0].size());
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(list(ro, NetifConstants.CTRLF_GREF_READONLY, 0), true), 2)
                    .status());
            assertEquals(2, rig.tables[0].size());
        }
    }

    @ParameterizedTest(name = "count {0}")
    @ValueSource(ints = {513, 1024, 0x7FFFFFFF, -1})
    void sg3_countOver512IsInvalidBeforeReadingTheList(int count) {
        try (CtrlRig rig = CtrlRig.builder().client(false).capacity(GrefMappingTable.MAX_CAPACITY).build()) {
            int listGref = rig.grantPage(list(stage(rig, 4, false)), true);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(INVALID, add(rig, 0, listGref, count).status());
            assertEquals(0, h.grantHypercalls());
            assertEquals(0, rig.tables[0].size());
        }
    }

    @Test
    void sg1_sg3_exactly512EntriesFitOnePage() {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(1).build()) {
            int[] g = stage(rig, 512, false);
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(list(g), true), 512).status());
            assertEquals(512, rig.tables[0].size());
            assertEquals(INVALID, add(rig, 0, rig.grantPage(list(stage(rig, 1, false)), true), 1).status(),
                    "the default capacity is 512");
        }
    }

    @Test
    void sg3_bk21_overCapacityIsRefusedBeforeReadingAndNothingIsAdded() {
        try (CtrlRig rig = CtrlRig.builder().client(false).capacity(8).build()) {
            int[] g = stage(rig, 9, false);
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(list(g[0], g[1], g[2], g[3], g[4]), true), 5).status());
            int listGref = rig.grantPage(list(g[5], g[6], g[7], g[8]), true);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(INVALID, add(rig, 0, listGref, 4).status());
            assertEquals(0, h.grantHypercalls());
            assertEquals(5, rig.tables[0].size());
            assertEquals(SUCCESS, add(rig, 0, listGref, 3).status(), "the first 3 of the same list fit");
            assertEquals(8, rig.tables[0].size());
            assertEquals(SUCCESS, add(rig, 1, listGref, 4).status(), "tables are per queue");
        }
    }

    @Test
    void sg3_badListGrefIsInvalidEvenForCountZero() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            assertEquals(INVALID, add(rig, 0, 4000, 2).status());
            assertEquals(INVALID, add(rig, 0, 0, 2).status(), "reserved gref 0");
            assertEquals(INVALID, add(rig, 0, 4000, 0).status(), "an empty list in a bad gref is still a bad gref");
            int listGref = rig.grantPage(list(new int[0]), false);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(SUCCESS, add(rig, 0, listGref, 0).status(), "an empty list in a readable page");
            assertEquals(1, h.grantHypercalls(), "one zero-length read checks the gref");
            assertEquals(0, rig.tables[0].size());
            assertEquals(INVALID, add(rig, 2, listGref, 0).status(), "queue is checked even for count 0");
        }
    }

    @Test
    void sg3_addDoesNotWriteTheStatusFields() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int listGref = rig.grantPage(list(stage(rig, 3, false), 0, 0x1234), false);
            assertEquals(SUCCESS, add(rig, 0, listGref, 3).status());
            assertArrayEquals(new int[] {0x1234, 0x1234, 0x1234}, statuses(rig, listGref, 3));
        }
    }

    // ------------------------------------------------------------------ BK-21

    @Test
    void bk21_aGrefAlreadyInTheTableRefusesTheWholeMessage() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 3, false);
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(list(g[0], g[1]), true), 2).status());
            int listGref = rig.grantPage(list(g[2], g[0]), true);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(INVALID, add(rig, 0, listGref, 2).status());
            assertEquals(1, h.grantHypercalls(), "refused after reading the list, before any map");
            assertEquals(2, rig.tables[0].size());
            assertTrue(!rig.tables[0].contains(g[2]));
        }
    }

    @Test
    void bk21_aGrefRepeatedWithinTheListRefusesTheWholeMessage() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 3, false);
            int listGref = rig.grantPage(list(g[0], g[1], g[2], g[1]), true);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(INVALID, add(rig, 0, listGref, 4).status());
            assertEquals(0, rig.tables[0].size());
            assertEquals(0, h.delta().grantMaps());
        }
    }

    @Test
    void bk21_sg6_readOnlyFlagGivesAReadOnlyMappingThatIsNeverWritten() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 2, false);
            byte[] l = list(g);
            l[GrefLayout.FLAGS_OFFSET] = NetifConstants.CTRLF_GREF_READONLY; // entry 0 read-only, entry 1 writable
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(l, true), 2).status());
            GrefMappingTable t = rig.tables[0];
            int ro = t.find(g[0]);
            int rw = t.find(g[1]);
            assertTrue(t.readonly(ro));
            assertTrue(!t.readonly(rw));
            assertTrue(rig.back.activeMappings().stream().anyMatch(m -> m.gref() == g[0] && m.readonly()));
            assertThrows(RuntimeException.class, () -> t.view(ro).setByte(0, 9), "read-only view rejects writes");
            assertEquals(0, rig.page(g[0]).buf().getByte(0));
            Hypercalls h = Hypercalls.of(rig.back);
            t.view(rw).setByte(100, 77);
            assertEquals(77, rig.page(g[1]).buf().getByte(100), "a plain write lands in the frontend's page");
            assertEquals(0, h.delta().hypercalls(), "SG-6: no grant operation through a persistent mapping");
        }
    }

    @Test
    void bk21_unknownFlagBitsAreIgnored() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 1, false);
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(list(g, 0xFFFE, 0), true), 1).status());
            assertTrue(!rig.tables[0].readonly(rig.tables[0].find(g[0])));
        }
    }

    // ------------------------------------------------------------------ SG-4

    @Test
    void sg4_delReportsEachEntryAndUnmapsTheRemovedInOneBatch() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 5, false);
            assertEquals(SUCCESS, add(rig, 1, rig.grantPage(list(g[0], g[1], g[2], g[3]), true), 4).status());
            GrefMappingTable t = rig.tables[1];
            t.markInFlight(t.find(g[1])); // consumed, not answered
            rig.posted.add(CtrlRig.key(1, g[2])); // posted, not consumed
            rig.posted.add(CtrlRig.key(0, g[3])); // posted on another queue: not in flight here
            int listGref = rig.grantPage(list(g[0], g[1], g[2], g[3], g[4], g[0]), false);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(new CtrlResponse(2, 10, SUCCESS, 2), del(rig, 1, listGref, 6));
            assertArrayEquals(new int[] {SUCCESS, INVALID, INVALID, SUCCESS, INVALID, INVALID},
                    statuses(rig, listGref, 6), "removed / in flight / posted / removed / never added / already gone");
            CounterSnapshot d = h.delta();
            assertEquals(3, h.grantHypercalls(), "read list + one unmap batch + write statuses: " + d);
            assertEquals(2, d.grantCopyOps());
            assertEquals(2, d.grantUnmaps());
            assertEquals(1, d.tlbFlushes(), "one TLB flush for the batch");
            assertArrayEquals(sortedUnsigned(g[1], g[2]), t.grefs());
            assertEquals(3, rig.back.activeMappingCount());
            // the ref and flags fields come back as they were
            ByteBuf page = rig.page(listGref).buf();
            assertEquals(g[4], page.getIntLE(4 * GrefLayout.LENGTH));
        }
    }

    static int[] sortedUnsigned(int... v) {
        return CtrlRigSort.unsigned(v);
    }

    @Test
    void sg4_anInFlightGrefIsRemovedOnceItsRequestIsAnswered() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 1, false);
            add(rig, 0, rig.grantPage(list(g), true), 1);
            GrefMappingTable t = rig.tables[0];
            int e = t.find(g[0]);
            t.markInFlight(e);
            t.markInFlight(e);
            int listGref = rig.grantPage(list(g), false);
            assertEquals(0, del(rig, 0, listGref, 1).data());
            t.clearInFlight(e);
            assertEquals(0, del(rig, 0, listGref, 1).data(), "one request still in flight");
            t.clearInFlight(e);
            assertEquals(1, del(rig, 0, listGref, 1).data());
            assertArrayEquals(new int[] {SUCCESS}, statuses(rig, listGref, 1));
            assertEquals(0, t.size());
        }
    }

    @Test
    void sg4_nothingRemovedMeansNoUnmapHypercall() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int listGref = rig.grantPage(list(4000, 4001), false);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(new CtrlResponse(2, 10, SUCCESS, 0), del(rig, 0, listGref, 2));
            assertEquals(2, h.grantHypercalls(), "read + write back");
            assertEquals(0, h.delta().tlbFlushes());
            assertArrayEquals(new int[] {INVALID, INVALID}, statuses(rig, listGref, 2));
        }
    }

    @Test
    void sg4_badQueueCountOrListGrefIsInvalidAndNothingIsRemoved() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 2, false);
            add(rig, 0, rig.grantPage(list(g), true), 2);
            int listGref = rig.grantPage(list(g), false);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(new CtrlResponse(2, 10, INVALID, 0), del(rig, 2, listGref, 2));
            assertEquals(new CtrlResponse(2, 10, INVALID, 0), del(rig, -1, listGref, 2));
            assertEquals(new CtrlResponse(2, 10, INVALID, 0), del(rig, 0, listGref, 513));
            assertEquals(new CtrlResponse(2, 10, INVALID, 0), del(rig, 0, listGref, -1));
            assertEquals(0, h.grantHypercalls());
            assertEquals(new CtrlResponse(2, 10, INVALID, 0), del(rig, 0, 4000, 2));
            assertEquals(2, rig.tables[0].size());
            assertEquals(new CtrlResponse(2, 10, INVALID, 0), del(rig, 0, 4000, 0), "a bad gref even for count 0");
            assertEquals(new CtrlResponse(2, 10, SUCCESS, 0), del(rig, 0, listGref, 0), "an empty, readable list");
            assertEquals(2, rig.tables[0].size());
        }
    }

    @Test
    void sg4_aReadOnlyListPageStillRemovesButCannotReceiveStatuses() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 2, false);
            add(rig, 0, rig.grantPage(list(g), true), 2);
            int listGref = rig.grantPage(list(new int[] {g[0], g[1]}, 0, 0xFFFF), true);
            Hypercalls h = Hypercalls.of(rig.back);
            assertEquals(new CtrlResponse(2, 10, SUCCESS, 2), del(rig, 0, listGref, 2));
            assertEquals(1, h.delta().grantCopyFailures());
            assertEquals(1, rig.backend.counters().statusWriteFailures());
            assertArrayEquals(new int[] {0xFFFF, 0xFFFF}, statuses(rig, listGref, 2));
            assertEquals(0, rig.tables[0].size());
        }
    }

    // ------------------------------------------------------------------ SG-5

    @Test
    void sg5_closeDropsEveryMappingWithOneUnmapBatchPerQueue() {
        CtrlRig rig = CtrlRig.builder().client(false).queues(3).build();
        try (rig) {
            int[] g = stage(rig, 6, false);
            add(rig, 0, rig.grantPage(list(g[0], g[1], g[2]), true), 3);
            add(rig, 2, rig.grantPage(list(g[3], g[4], g[5]), true), 3);
            rig.tables[2].markInFlight(rig.tables[2].find(g[4]));
            Hypercalls h = Hypercalls.of(rig.back);
            rig.backend.close();
            CounterSnapshot d = h.delta();
            assertEquals(2, d.hypercalls(), "queues 0 and 2; queue 1 is empty: " + d);
            assertEquals(6, d.grantUnmaps());
            assertEquals(2, d.tlbFlushes());
            assertEquals(1, rig.back.activeMappingCount(), "only the ring");
            for (GrefMappingTable t : rig.tables) {
                assertEquals(0, t.size());
            }
            assertTrue(!rig.backend.process(), "a closed handler does nothing");
            rig.backend.close();
        }
    }

    @Test
    void sg5_theTableIsReusableAfterDropAll() {
        try (CtrlRig rig = CtrlRig.builder().client(false).capacity(4).build()) {
            int[] g = stage(rig, 4, false);
            add(rig, 0, rig.grantPage(list(g), true), 4);
            rig.tables[0].dropAll(rig.back);
            assertEquals(0, rig.tables[0].size());
            assertEquals(SUCCESS, add(rig, 0, rig.grantPage(list(g), true), 4).status(), "re-staged after reconnect");
            List<Integer> found = new ArrayList<>();
            for (int gref : g) {
                found.add(rig.tables[0].find(gref));
            }
            assertEquals(List.of(0, 1, 2, 3), found);
        }
    }

    @Test
    void sg5_afterDropTheFrontendCanEndAccessToEveryStagedPage() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int[] g = stage(rig, 3, false);
            add(rig, 0, rig.grantPage(list(g), true), 3);
            for (int gref : g) {
                assertTrue(rig.front.grantTable().inUse(gref), "mapped: end access must fail now");
            }
            rig.backend.close();
            for (int gref : g) {
                assertTrue(!rig.front.grantTable().inUse(gref));
            }
            Frame first = rig.page(g[0]);
            assertEquals(0, first.buf().getByte(0));
        }
    }
}
