package dev.netifkit.ctrl;

import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.Hex;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.hash.HashInput;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.ring.SringHeader;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The frontend client end to end through the real hypervisor, and against a hand-written backend. */
class CtrlClientTest {
    private static final int SUCCESS = CtrlStatus.SUCCESS.code();
    private static final int INVALID = CtrlStatus.INVALID_PARAMETER.code();

    private static int[] stage(CtrlRig rig, int n) {
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = rig.grantPage(new byte[] {(byte) (i + 1)}, false);
        }
        return g;
    }

    /** The request the client wrote at a ring index. */
    private static CtrlRequest requestAt(CtrlRig rig, int index) {
        return CtrlRequest.decode(rig.ringFrame.buf(), RingGeometry.CTRL.slotOffset(index));
    }

    /** A hand-written backend: a response in the slot of a ring index. */
    private static void respond(CtrlRig rig, int index, int id, int type, int status, int data) {
        new CtrlResponse(id, type, status, data).encode(rig.ringFrame.buf(), RingGeometry.CTRL.slotOffset(index));
    }

    private static void publishResponses(CtrlRig rig, int rspProd) {
        new SringHeader(rig.ringFrame.buf()).rspProd(rspProd);
    }

    // ------------------------------------------------------------------ end to end

    @Test
    void sg2_sg3_sg4_aFrontendNegotiatesStagingGrantsEndToEnd() {
        try (CtrlRig rig = CtrlRig.builder().queues(2).capacity(256).build()) {
            CtrlResult size = rig.await(cb -> rig.client.getGrefMappingSize(1, cb));
            assertEquals(new CtrlResult(CtrlType.GET_GREF_MAPPING_SIZE.code(), SUCCESS, 256, null, false), size);

            int[] g = stage(rig, 8);
            boolean[] ro = {false, true, false, true, false, false, false, false};
            CtrlResult added = rig.await(cb -> rig.client.addGrefMappings(1, g, ro, cb));
            assertTrue(added.success(), added.toString());
            assertNull(added.entryStatuses());
            GrefMappingTable t = rig.backend.table(1);
            assertArrayEquals(CtrlRigSort.unsigned(g), t.grefs());
            for (int i = 0; i < g.length; i++) {
                int e = t.find(g[i]);
                assertEquals(ro[i], t.readonly(e));
                assertEquals(i + 1, t.view(e).getByte(0));
            }
            assertEquals(0, rig.backend.table(0).size());

            t.markInFlight(t.find(g[2]));
            CtrlResult deleted = rig.await(cb -> rig.client.delGrefMappings(1, new int[] {g[0], g[2], 4000, g[1]}, cb));
            assertEquals(CtrlStatus.SUCCESS, deleted.status());
            assertEquals(2, deleted.data(), "removed g0 and g1");
            assertArrayEquals(new int[] {SUCCESS, INVALID, INVALID, SUCCESS}, deleted.entryStatuses());
            assertEquals(6, t.size());

            assertEquals(0, rig.client.pending());
            assertEquals(0, rig.client.grantsHeld(), "the list pages' grants were ended");
            assertEquals(0, rig.client.protocolErrors());
            assertEquals(3, rig.backend.counters().requests());
            t.clearInFlight(t.find(g[2]));
        }
    }

    @Test
    void fr7_sg2_withoutStagingTheFrontendSeesNotSupportedAndCarriesOn() {
        try (CtrlRig rig = CtrlRig.builder().staging(false).build()) {
            CtrlResult r = rig.await(cb -> rig.client.getGrefMappingSize(0, cb));
            assertEquals(CtrlStatus.NOT_SUPPORTED, r.status());
            assertFalse(r.success());
            assertFalse(rig.client.broken());
            assertTrue(rig.await(cb -> rig.client.getHashMappingSize(cb)).success(), "the ring still works");
        }
    }

    @Test
    void ctrl3_ctrl4_hashConfiguredThroughTheClientSteersAsTheVectorsSay() throws Exception {
        var c = SteeringVectorsTest.cases("packet_hash").get(0);
        byte[] key = Hex.decode(c.path("key").asText());
        byte[] packet = Hex.decode(c.path("packet").asText());
        int expectedHash = (int) c.path("hash").asLong();
        try (CtrlRig rig = CtrlRig.builder().queues(4).build()) {
            assertTrue(rig.await(cb -> rig.client.setHashAlgorithm(HashAlgorithm.TOEPLITZ.code(), cb)).success());
            assertEquals(0xF, rig.await(cb -> rig.client.getHashFlags(cb)).data());
            assertTrue(rig.await(cb -> rig.client.setHashFlags(HashType.ALL_MASK, cb)).success());
            assertTrue(rig.await(cb -> rig.client.setHashKey(key, cb)).success());
            assertEquals(128, rig.await(cb -> rig.client.getHashMappingSize(cb)).data());
            assertTrue(rig.await(cb -> rig.client.setHashMappingSize(5, cb)).success());
            assertTrue(rig.await(cb -> rig.client.setHashMapping(new int[] {3, 2, 1}, 2, cb)).success());
            assertEquals(INVALID, rig.await(cb -> rig.client.setHashMapping(new int[] {4}, 0, cb)).rawStatus());
            assertEquals(CtrlStatus.BUFFER_OVERFLOW, rig.await(cb -> rig.client.setHashKey(new byte[41], cb)).status());
            assertArrayEquals(new int[] {0, 0, 3, 2, 1}, rig.hash.mappingTable());
            assertArrayEquals(key, rig.hash.key());

            ByteBuf frame = SteeringVectorsTest.frame(packet, 0);
            try {
                SteeringResult out = new SteeringResult();
                assertTrue(Steering.steer(rig.hash, frame, 0, HashInput.ETH_HLEN + packet.length, out));
                assertEquals(expectedHash, out.hash);
                assertEquals(new int[] {0, 0, 3, 2, 1}[Integer.remainderUnsigned(expectedHash, 5)], out.queue);
            } finally {
                frame.release();
            }
            assertEquals(0, rig.client.grantsHeld());
        }
    }

    // ------------------------------------------------------------------ timeouts

    @Test
    void aRequestTimesOutOnTheSchedulersClockAndItsLateResponseIsDroppedQuietly() {
        try (CtrlRig rig = CtrlRig.builder().timeoutNanos(5_000_000L).build()) {
            rig.back.events().mask(rig.backPort); // the backend does not run
            List<CtrlResult> results = new ArrayList<>();
            assertTrue(rig.client.getHashMappingSize(results::add));
            assertTrue(rig.client.setHashKey(new byte[] {1, 2, 3}, results::add));
            rig.run();
            assertEquals(2, rig.client.pending());
            assertEquals(1, rig.client.grantsHeld());
            rig.scheduler.advanceNanos(4_999_999L);
            assertEquals(List.of(), results, "not yet");
            rig.scheduler.advanceNanos(1);
            assertEquals(List.of(CtrlResult.timeout(CtrlType.GET_HASH_MAPPING_SIZE.code()),
                    CtrlResult.timeout(CtrlType.SET_HASH_KEY.code())), results);
            assertTrue(results.get(0).timedOut());
            assertEquals(CtrlStatus.UNKNOWN, results.get(0).status());
            assertEquals(0, rig.client.pending());
            assertEquals(0, rig.client.grantsHeld(), "the key page's grant ended at the timeout");

            rig.back.events().unmask(rig.backPort); // the backend wakes up late
            rig.run();
            assertEquals(2, rig.client.lateResponses());
            assertEquals(0, rig.client.protocolErrors());
            assertEquals(2, results.size(), "no second callback");
            assertEquals(0, rig.hash.keyLength(), "the key page was no longer readable");
            assertTrue(rig.await(cb -> rig.client.getHashMappingSize(cb)).success(), "the ring is fine");
        }
    }

    @Test
    void ctrl1_idsAreU16AndSkipAnIdStillReservedByATimedOutRequestAcrossTheWrap() {
        try (CtrlRig rig = CtrlRig.builder().timeoutNanos(1000L).build()) {
            rig.back.events().mask(rig.backPort); // a hand-written backend answers below
            List<CtrlResult> results = new ArrayList<>();
            assertTrue(rig.client.getHashMappingSize(results::add));
            CtrlRequest first = requestAt(rig, 0);
            rig.scheduler.advanceNanos(1000L);
            assertTrue(results.get(0).timedOut());
            // Request i sits at ring index i; its response goes in response slot i - 1 (out of order: the first
            // request is still unanswered), so the ring never fills.
            Set<Integer> ids = new HashSet<>();
            for (int i = 1; i <= 0x10000 + 10; i++) {
                assertTrue(rig.client.getHashMappingSize(results::add), "request " + i);
                CtrlRequest r = requestAt(rig, i);
                assertNotEquals(first.id(), r.id(), "request " + i + " reused the reserved id");
                ids.add(r.id());
                respond(rig, i - 1, r.id(), r.type(), SUCCESS, 128);
                publishResponses(rig, i);
                rig.client.onEvent();
            }
            assertEquals(0xFFFF, ids.size(), "every u16 id but the reserved one came up");
            assertEquals(0x10000 + 11, results.size());
            assertEquals(0, rig.client.protocolErrors());
            // The late response frees the id quietly.
            respond(rig, 0x10000 + 10, first.id(), first.type(), SUCCESS, 128);
            publishResponses(rig, 0x10000 + 11);
            rig.client.onEvent();
            assertEquals(1, rig.client.lateResponses());
            assertEquals(0x10000 + 11, results.size());
            rig.scheduler.runUntilIdle();
        }
    }

    // ------------------------------------------------------------------ matching and hostile backends

    @Test
    void ctrl1_responsesPublishedOutOfOrderAreMatchedById() {
        try (CtrlRig rig = CtrlRig.builder().build()) {
            rig.back.events().mask(rig.backPort);
            List<String> seen = new ArrayList<>();
            rig.client.getHashMappingSize(r -> seen.add("size " + r));
            rig.client.getHashFlags(r -> seen.add("flags " + r));
            rig.client.getGrefMappingSize(1, r -> seen.add("gref " + r));
            CtrlRequest a = requestAt(rig, 0);
            CtrlRequest b = requestAt(rig, 1);
            CtrlRequest c = requestAt(rig, 2);
            assertEquals(3, Set.of(a.id(), b.id(), c.id()).size(), "distinct ids");
            respond(rig, 0, c.id(), c.type(), SUCCESS, 77);
            respond(rig, 1, a.id(), a.type(), SUCCESS, 128);
            respond(rig, 2, b.id(), b.type(), CtrlStatus.NOT_SUPPORTED.code(), 0);
            publishResponses(rig, 3);
            rig.client.onEvent();
            assertEquals(List.of(
                    "gref CtrlResult[GET_GREF_MAPPING_SIZE SUCCESS, data=77]",
                    "size CtrlResult[GET_HASH_MAPPING_SIZE SUCCESS, data=128]",
                    "flags CtrlResult[GET_HASH_FLAGS NOT_SUPPORTED, data=0]"), seen);
            assertEquals(0, rig.client.pending());
        }
    }

    @Test
    void fr2_anUnsolicitedIdOrAWrongTypeIsAProtocolErrorAndIgnored() {
        try (CtrlRig rig = CtrlRig.builder().build()) {
            rig.back.events().mask(rig.backPort);
            List<CtrlResult> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rig.client.getHashFlags(results::add);
            }
            CtrlRequest a = requestAt(rig, 0);
            CtrlRequest b = requestAt(rig, 1);
            int unknownId = (requestAt(rig, 3).id() + 1) & 0xFFFF;
            respond(rig, 0, unknownId, a.type(), SUCCESS, 0); // nobody asked
            respond(rig, 1, a.id(), CtrlType.SET_HASH_KEY.code(), SUCCESS, 0); // a's id, the wrong type
            publishResponses(rig, 2);
            rig.client.onEvent();
            assertEquals(2, rig.client.protocolErrors());
            assertEquals(List.of(), results);
            assertEquals(4, rig.client.pending(), "all still awaited");
            assertFalse(rig.client.broken());
            respond(rig, 2, b.id(), b.type(), SUCCESS, 0xF);
            respond(rig, 3, a.id(), a.type(), CtrlStatus.NOT_SUPPORTED.code(), 0);
            publishResponses(rig, 4);
            rig.client.onEvent();
            assertEquals(List.of(new CtrlResult(b.type(), SUCCESS, 0xF, null, false),
                    new CtrlResult(a.type(), CtrlStatus.NOT_SUPPORTED.code(), 0, null, false)), results);
            assertEquals(2, rig.client.pending());
            // The ignored responses used up ring slots: one more response than requests outstanding is FR-1.
            respond(rig, 4, requestAt(rig, 2).id(), a.type(), SUCCESS, 0xF);
            publishResponses(rig, 5);
            rig.client.onEvent();
            assertTrue(rig.client.broken(), "5 responses to 4 requests");
        }
    }

    @Test
    void fr1_moreResponsesThanTheRingHoldsOrThanWereAskedForBreakTheClient() {
        for (int jump : new int[] {200, 2, -1}) {
            try (CtrlRig rig = CtrlRig.builder().build()) {
                rig.back.events().mask(rig.backPort);
                List<CtrlResult> results = new ArrayList<>();
                rig.client.getHashFlags(results::add);
                CtrlRequest a = requestAt(rig, 0);
                respond(rig, 0, a.id(), a.type(), SUCCESS, 0xF);
                publishResponses(rig, jump); // 1 request outstanding
                rig.client.onEvent();
                assertTrue(rig.client.broken(), "rsp_prod " + jump);
                assertTrue(rig.client.brokenReason().startsWith("FR-1"), rig.client.brokenReason());
                assertEquals(List.of(), results, "nothing consumed from a broken ring");
                assertFalse(rig.client.getHashFlags(results::add), "sends nothing more");
                rig.scheduler.advanceNanos(2_000_000_000L);
                assertEquals(1, results.size());
                assertTrue(results.get(0).timedOut(), "awaited requests time out");
            }
        }
    }

    @Test
    void ring7_theClientNeverHasMoreThan128RequestsOutstanding() {
        try (CtrlRig rig = CtrlRig.builder().build()) {
            rig.back.events().mask(rig.backPort);
            List<CtrlResult> results = new ArrayList<>();
            for (int i = 0; i < 128; i++) {
                assertTrue(rig.client.getHashMappingSize(results::add), "request " + i);
            }
            assertFalse(rig.client.getHashMappingSize(results::add));
            assertFalse(rig.client.setHashKey(new byte[4], results::add), "no page granted when full");
            assertEquals(0, rig.client.grantsHeld());
            assertEquals(128, rig.client.pending());
            rig.back.events().unmask(rig.backPort);
            rig.run();
            assertEquals(128, results.size());
            assertTrue(results.stream().allMatch(CtrlResult::success));
        }
    }

    @Test
    void fr6_aBackendThatKeepsAnsweringGetsBoundedWorkPerEvent() {
        try (CtrlRig rig = CtrlRig.builder().timeoutNanos(0).build()) {
            rig.back.events().mask(rig.backPort);
            int[] perTask = new int[1];
            int[] answered = new int[1];
            List<Integer> counts = new ArrayList<>();
            // Each callback sends a new request which a hostile backend answers at once: without a bound the
            // client would go on consuming in one call for ever.
            AtomicReference<Consumer<CtrlResult>> chain = new AtomicReference<>();
            chain.set(r -> {
                perTask[0]++;
                if (answered[0] < 1000) {
                    int index = rig.client.ring().reqProdPvt();
                    rig.client.getHashMappingSize(chain.get());
                    CtrlRequest q = requestAt(rig, index);
                    respond(rig, index, q.id(), q.type(), SUCCESS, 128);
                    publishResponses(rig, index + 1);
                    answered[0]++;
                }
            });
            rig.client.getHashMappingSize(chain.get());
            CtrlRequest q = requestAt(rig, 0);
            respond(rig, 0, q.id(), q.type(), SUCCESS, 128);
            publishResponses(rig, 1);
            rig.client.onEvent();
            counts.add(perTask[0]);
            while (rig.scheduler.runOne()) {
                counts.add(perTask[0] - counts.stream().mapToInt(Integer::intValue).sum());
            }
            assertEquals(1001, perTask[0]);
            assertTrue(counts.stream().allMatch(n -> n <= 128), "per event: " + counts);
            assertTrue(counts.size() >= 8, "the client re-queued itself: " + counts);
        }
    }

    @Test
    void closeEndsEveryGrantAndAbandonsAwaitedRequests() {
        try (CtrlRig rig = CtrlRig.builder().build()) {
            rig.back.events().mask(rig.backPort);
            List<CtrlResult> results = new ArrayList<>();
            rig.client.setHashKey(new byte[40], results::add);
            rig.client.setHashMapping(new int[] {0, 1}, 0, results::add);
            rig.client.delGrefMappings(0, stage(rig, 3), results::add);
            rig.client.addGrefMappings(0, stage(rig, 2), null, results::add);
            assertEquals(4, rig.client.grantsHeld());
            int before = rig.front.grantTable().grantedCount();
            rig.client.close();
            assertEquals(0, rig.client.grantsHeld());
            assertEquals(before - 4, rig.front.grantTable().grantedCount());
            assertFalse(rig.client.getHashFlags(results::add), "closed");
            rig.scheduler.advanceNanos(5_000_000_000L);
            assertEquals(List.of(), results, "abandoned: no callback, no timeout");
            rig.back.events().unmask(rig.backPort);
            rig.run();
            rig.client.onEvent();
        }
    }

    @Test
    void misuseOfTheClientApiThrows() {
        try (CtrlRig rig = CtrlRig.builder().build()) {
            CtrlClient c = rig.client;
            assertThrows(IllegalArgumentException.class, () -> c.getHashFlags(null));
            assertThrows(IllegalArgumentException.class, () -> c.setHashKey(null, r -> { }));
            assertThrows(IllegalArgumentException.class, () -> c.setHashKey(new byte[4097], r -> { }));
            assertThrows(IllegalArgumentException.class, () -> c.setHashMapping(new int[1025], 0, r -> { }));
            assertThrows(IllegalArgumentException.class,
                    () -> c.addGrefMappings(0, new int[NetifConstants.GREF_LIST_MAX_ENTRIES + 1], null, r -> { }));
            assertThrows(IllegalArgumentException.class, () -> c.addGrefMappings(0, new int[2], new boolean[1], r -> { }));
            assertThrows(IllegalArgumentException.class, () -> c.delGrefMappings(0, null, r -> { }));
            assertThrows(IllegalArgumentException.class, () -> c.send(0x10000, 0, 0, 0, r -> { }));
            assertThrows(IllegalArgumentException.class, () -> new CtrlClient(rig.front, 0, rig.ringFrame.buf(), 0,
                    () -> { }, rig.scheduler, -1));
            assertEquals(0, c.grantsHeld(), "nothing leaked by refused calls");
        }
    }

    @Test
    void sg3_bk21_rawSendReachesTheBackendsBounds() {
        try (CtrlRig rig = CtrlRig.builder().build()) {
            int[] g = stage(rig, 2);
            assertTrue(rig.await(cb -> rig.client.addGrefMappings(0, g, null, cb)).success());
            assertEquals(INVALID, rig.await(cb -> rig.client.addGrefMappings(0, g, null, cb)).rawStatus(),
                    "already staged");
            assertEquals(INVALID, rig.await(cb -> rig.client.send(CtrlType.ADD_GREF_MAPPING.code(), 0, g[0], 513, cb))
                    .rawStatus());
            CtrlResult del = rig.await(cb -> rig.client.delGrefMappings(0, new int[0], cb));
            assertEquals(new CtrlResult(CtrlType.DEL_GREF_MAPPING.code(), SUCCESS, 0, new int[0], false), del);
        }
    }
}
