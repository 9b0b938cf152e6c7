package dev.netifkit.ctrl;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.ctrl.GrefLayout;
import dev.netifkit.proto.ring.SringHeader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ring discipline of the control ring: CTRL-1, CTRL-2, RING-3, BK-17. */
class CtrlRingTest {
    private static final int SUCCESS = CtrlStatus.SUCCESS.code();
    private static final int NOT_SUPPORTED = CtrlStatus.NOT_SUPPORTED.code();
    private static final int INVALID = CtrlStatus.INVALID_PARAMETER.code();

    private static CtrlRequest req(int id, CtrlType type, int d0, int d1, int d2) {
        return new CtrlRequest(id, type.code(), d0, d1, d2);
    }

    private static byte[] grefList(int... grefs) {
        byte[] b = new byte[grefs.length * GrefLayout.LENGTH];
        for (int i = 0; i < grefs.length; i++) {
            int g = grefs[i];
            b[i * 8] = (byte) g;
            b[i * 8 + 1] = (byte) (g >>> 8);
            b[i * 8 + 2] = (byte) (g >>> 16);
            b[i * 8 + 3] = (byte) (g >>> 24);
        }
        return b;
    }

    @Test
    void ctrl1_everyTypeEchoesIdAndTypeAndDataIsZeroExceptTheFourListed() {
        try (CtrlRig rig = CtrlRig.builder().client(false).capacity(64).build()) {
            int staged = rig.grantPage(null, false);
            int addList = rig.grantPage(grefList(staged), true);
            int delList = rig.grantPage(grefList(staged), false);
            // Every type, with arguments that make it succeed where it can.
            List<CtrlRequest> reqs = List.of(
                    req(0x1234, CtrlType.INVALID, 7, 7, 7),
                    req(0xFFFF, CtrlType.SET_HASH_ALGORITHM, 1, 9, 9),
                    req(1, CtrlType.GET_HASH_FLAGS, 5, 5, 5),
                    req(2, CtrlType.SET_HASH_FLAGS, 3, 0, 0),
                    req(3, CtrlType.SET_HASH_KEY, 0, 0, 0),
                    req(4, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0),
                    req(5, CtrlType.SET_HASH_MAPPING_SIZE, 16, 0, 0),
                    req(6, CtrlType.SET_HASH_MAPPING, 0, 0, 0),
                    req(7, CtrlType.GET_GREF_MAPPING_SIZE, 1, 0, 0),
                    req(8, CtrlType.ADD_GREF_MAPPING, 1, addList, 1),
                    req(9, CtrlType.DEL_GREF_MAPPING, 1, delList, 1),
                    new CtrlRequest(10, 11, 1, 1, 1),
                    new CtrlRequest(11, 0xFFFF, 1, 1, 1));
            rig.push(reqs.toArray(new CtrlRequest[0]));
            assertFalse(rig.backend.process());
            List<CtrlResponse> rsp = rig.responses();
            assertEquals(reqs.size(), rsp.size());
            int[] expectStatus = {NOT_SUPPORTED, SUCCESS, SUCCESS, SUCCESS, SUCCESS, SUCCESS, SUCCESS, SUCCESS,
                SUCCESS, SUCCESS, SUCCESS, NOT_SUPPORTED, NOT_SUPPORTED};
            int[] expectData = {0, 0, 0xF, 0, 0, 128, 0, 0, 64, 0, 1, 0, 0};
            for (int i = 0; i < reqs.size(); i++) {
                assertEquals(new CtrlResponse(reqs.get(i).id(), reqs.get(i).type(), expectStatus[i], expectData[i]),
                        rsp.get(i), "response " + i + " to " + reqs.get(i));
            }
        }
    }

    @Test
    void ctrl1_failedRequestsOfDataCarryingTypesHaveDataZero() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            // algorithm NONE: GET_HASH_FLAGS is NOT_SUPPORTED with data 0
            assertEquals(new CtrlResponse(1, CtrlType.GET_HASH_FLAGS.code(), NOT_SUPPORTED, 0),
                    rig.call(req(1, CtrlType.GET_HASH_FLAGS, 0, 0, 0)));
            assertEquals(new CtrlResponse(2, CtrlType.GET_GREF_MAPPING_SIZE.code(), INVALID, 0),
                    rig.call(req(2, CtrlType.GET_GREF_MAPPING_SIZE, 2, 0, 0)));
            assertEquals(new CtrlResponse(3, CtrlType.DEL_GREF_MAPPING.code(), INVALID, 0),
                    rig.call(req(3, CtrlType.DEL_GREF_MAPPING, 0, 12345, 1)));
        }
    }

    @Test
    void ctrl2_invalidAndUnknownTypesAreNotSupportedAndChangeNothing() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            rig.call(req(0, CtrlType.SET_HASH_ALGORITHM, 1, 0, 0));
            CounterSnapshot before = rig.back.counters().snapshot();
            for (int type : new int[] {0, 11, 12, 100, 0x7FFF, 0x8000, 0xFFFF}) {
                CtrlResponse r = rig.call(new CtrlRequest(type, type, 0, rig.grantPage(new byte[40], true), 40));
                assertEquals(new CtrlResponse(type, type, NOT_SUPPORTED, 0), r, "type " + type);
            }
            assertEquals(CounterSnapshot.ZERO, rig.back.counters().snapshot().minus(before), "no hypercall");
            assertEquals(HashAlgorithm.TOEPLITZ, rig.hash.algorithm());
            assertEquals(0, rig.hash.flags());
            assertEquals(7, rig.backend.counters().requests(CtrlType.UNKNOWN) + rig.backend.counters()
                    .requests(CtrlType.INVALID));
        }
    }

    @Test
    void ctrl1_requestsTakeEffectInRingOrderAndAreAnsweredInOrder() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            rig.push(req(10, CtrlType.SET_HASH_ALGORITHM, 1, 0, 0),
                    req(11, CtrlType.SET_HASH_FLAGS, 3, 0, 0),
                    req(12, CtrlType.SET_HASH_ALGORITHM, 0, 0, 0),
                    req(13, CtrlType.SET_HASH_FLAGS, 1, 0, 0),
                    req(14, CtrlType.GET_HASH_FLAGS, 0, 0, 0));
            rig.backend.process();
            List<Integer> ids = new ArrayList<>();
            List<Integer> statuses = new ArrayList<>();
            for (CtrlResponse r : rig.responses()) {
                ids.add(r.id());
                statuses.add(r.status());
            }
            assertEquals(List.of(10, 11, 12, 13, 14), ids);
            assertEquals(List.of(SUCCESS, SUCCESS, SUCCESS, INVALID, NOT_SUPPORTED), statuses);
            assertEquals(3, rig.hash.flags(), "SET_HASH_FLAGS after NONE was refused, the earlier one stands");
        }
    }

    @Test
    void ring3_indicesWrapThrough2to32() {
        try (CtrlRig rig = CtrlRig.builder().client(false).start(0xFFFFFFF0).build()) {
            for (int round = 0; round < 3; round++) {
                List<CtrlRequest> reqs = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    reqs.add(req(round * 100 + i, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
                }
                rig.push(reqs.toArray(new CtrlRequest[0]));
                assertFalse(rig.backend.process());
                List<CtrlResponse> rsp = rig.responses();
                assertEquals(100, rsp.size());
                for (int i = 0; i < 100; i++) {
                    assertEquals(new CtrlResponse(round * 100 + i, CtrlType.GET_HASH_MAPPING_SIZE.code(), SUCCESS, 128),
                            rsp.get(i));
                }
            }
            assertEquals(0xFFFFFFF0 + 300, rig.backend.ring().rspProdPvt());
            assertFalse(rig.backend.broken());
        }
    }

    @Test
    void ring6_finalCheckArmsReqEventAndNotifiesOnlyWhenAsked() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            rig.push(req(1, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
            assertFalse(rig.backend.process());
            SringHeader h = new SringHeader(rig.ringFrame.buf());
            assertEquals(2, h.reqEvent(), "req_event = req_cons + 1 after the final check");
            assertEquals(1, rig.backendNotifications, "rsp_event 1 asked for the first response");
            rig.responses();
            rig.push(req(2, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
            rig.backend.process();
            assertEquals(1, rig.backendNotifications, "rsp_event still 1: no notification for response 2");
        }
    }

    // ------------------------------------------------------------------ BK-17

    @Test
    void bk17_producerJumpedAheadMarksTheRingBrokenForGood() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            rig.call(req(1, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
            SringHeader h = new SringHeader(rig.ringFrame.buf());
            int rspProd = h.rspProd();
            h.reqProd(h.reqProd() + 1000);
            CounterSnapshot before = rig.back.counters().snapshot();
            assertFalse(rig.backend.process());
            assertTrue(rig.backend.broken());
            assertTrue(rig.backend.brokenReason().startsWith("BK-17"), rig.backend.brokenReason());
            assertTrue(rig.backend.brokenReason().contains("1000 ahead"), rig.backend.brokenReason());
            assertEquals(rspProd, h.rspProd(), "no response published");
            // A well-behaved producer value afterwards changes nothing: broken is a state, not a check.
            h.reqProd(rspProd + 1);
            assertFalse(rig.backend.process());
            assertEquals(rspProd, h.rspProd());
            assertEquals(1, rig.backend.counters().requests());
            assertEquals(1, rig.backend.counters().brokenEvents());
            assertEquals(CounterSnapshot.ZERO, rig.back.counters().snapshot().minus(before), "no hypercall");
            assertEquals(1, rig.backendNotifications);
        }
    }

    @Test
    void bk17_producerMovedBackwardsIsAlsoAnOverflow() {
        try (CtrlRig rig = CtrlRig.builder().client(false).start(5).build()) {
            rig.call(req(1, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
            new SringHeader(rig.ringFrame.buf()).reqProd(3);
            assertFalse(rig.backend.process());
            assertTrue(rig.backend.broken(), "req_prod 3 is 2^32 - 3 ahead of 6");
        }
    }

    @Test
    void bk17_exactly128OutstandingIsNotAnOverflow() {
        try (CtrlRig rig = CtrlRig.builder().client(false).budget(16).build()) {
            List<CtrlRequest> reqs = new ArrayList<>();
            for (int i = 0; i < 128; i++) {
                reqs.add(req(i, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
            }
            rig.push(reqs.toArray(new CtrlRequest[0]));
            List<Long> perCall = new ArrayList<>();
            boolean more;
            do {
                long before = rig.backend.counters().requests();
                more = rig.backend.process();
                perCall.add(rig.backend.counters().requests() - before);
            } while (more);
            assertEquals(List.of(16L, 16L, 16L, 16L, 16L, 16L, 16L, 16L), perCall, "budget per call");
            assertFalse(rig.backend.broken());
            assertEquals(128, rig.responses().size());
        }
    }

    @Test
    void bk17_aProducerThatKeepsRefillingGetsBoundedWorkPerTaskAndOthersRun() {
        try (CtrlRig rig = CtrlRig.builder().client(false).budget(32).build()) {
            // A hostile frontend: every time it is notified it refills the ring to 128 outstanding and notifies.
            int[] frontendRuns = {0};
            int[] nextId = {0};
            Runnable refill = () -> {
                frontendRuns[0]++;
                rig.responses();
                rig.rawRing.finalCheckForResponses(); // ask to be notified of the next response
                while (rig.rawRing.freeRequests() > 0) {
                    rig.push(req(nextId[0]++ & 0xFFFF, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
                }
                rig.front.events().notify(rig.frontPort);
            };
            rig.front.events().setHandler(rig.frontPort, refill);
            refill.run();
            List<Long> perTask = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                long before = rig.backend.counters().requests();
                if (!rig.scheduler.runOne()) {
                    break;
                }
                perTask.add(rig.backend.counters().requests() - before);
            }
            assertEquals(400, perTask.size(), "the peer keeps the backend busy, one bounded task at a time");
            assertTrue(perTask.stream().allMatch(n -> n <= 32), "at most budget per task: " + perTask);
            assertTrue(frontendRuns[0] > 10, "the frontend's context got to run: " + frontendRuns[0]);
            assertFalse(rig.backend.broken(), "a busy but well-formed producer is not broken");
            rig.front.events().setHandler(rig.frontPort, null);
            rig.scheduler.runUntilIdle(10_000);
        }
    }

    @Test
    void gnt5_bk17_anEventStormWithNoRequestsCostsBoundedWorkAndNoHypercall() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            CounterSnapshot before = rig.back.counters().snapshot();
            for (int i = 0; i < 10_000; i++) {
                rig.front.events().notify(rig.frontPort);
            }
            rig.run();
            assertEquals(1, rig.processCalls, "10 000 notifications before the backend ran coalesce into one");
            for (int i = 0; i < 1000; i++) {
                rig.front.events().notify(rig.frontPort);
                rig.run();
            }
            assertEquals(1001, rig.processCalls);
            assertEquals(1001, rig.backend.counters().idleCalls());
            assertEquals(0, rig.backend.counters().requests());
            assertEquals(0, rig.backendNotifications);
            CounterSnapshot d = rig.back.counters().snapshot().minus(before);
            assertEquals(0, d.hypercalls(), "an idle wakeup makes no hypercall: " + d);
            assertEquals(0, d.notificationsSent(), d.toString());
        }
    }

    @Test
    void bk17_brokenControlRingLeavesStagedMappingsAndDataChannelsWorking() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int staged = rig.grantPage(new byte[] {42}, false);
            int list = rig.grantPage(grefList(staged), true);
            assertEquals(SUCCESS, rig.call(req(1, CtrlType.ADD_GREF_MAPPING, 0, list, 1)).status());
            // A data ring's event channel, bound like netback binds tx/rx.
            int dataFront = rig.front.events().allocUnbound(CtrlRig.BACK);
            int dataBack = rig.back.events().bindInterdomain(CtrlRig.FRONT, dataFront);
            int[] dataEvents = {0};
            rig.back.events().setHandler(dataBack, () -> dataEvents[0]++);

            SringHeader h = new SringHeader(rig.ringFrame.buf());
            h.reqProd(h.reqProd() + 129);
            rig.front.events().notify(rig.frontPort);
            rig.run();
            assertTrue(rig.backend.broken());

            GrefMappingTable t = rig.tables[0];
            int e = t.find(staged);
            assertTrue(e >= 0, "staged gref still mapped");
            assertEquals(42, t.view(e).getByte(0));
            assertEquals(2, rig.back.activeMappingCount(), "ring + staged page");
            rig.front.events().notify(dataFront);
            rig.run();
            assertEquals(1, dataEvents[0], "the data channel still delivers");
        }
    }
}
