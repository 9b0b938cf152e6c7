package dev.netifkit.ctrl;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.ThreadedScheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RING-5 across threads: the frontend's and the backend's contexts on their own threads (threaded scheduler), the
 * client and handler meeting only through the shared ring page, grants and event channels.
 */
class CtrlThreadedTest {
    private static final int BACK = 0;
    private static final int FRONT = 1;

    @Test
    void ring5_sg3_sg4_stagingNegotiatedAcrossThreads() throws Exception {
        try (ThreadedScheduler scheduler = new ThreadedScheduler()) {
            Hypervisor hv = new Hypervisor(scheduler);
            Domain back = hv.createDomain(BACK, "backend");
            Domain front = hv.createDomain(FRONT, "frontend");
            Frame ring = front.allocateFrame();
            int ringGref = front.grantTable().allocateRef();
            front.grantTable().grantAccess(ringGref, BACK, ring, false);
            int frontPort = front.events().allocUnbound(BACK);
            int backPort = back.events().bindInterdomain(FRONT, frontPort);
            int[] pages = new int[64];
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < pages.length; i++) {
                Frame f = front.allocateFrame();
                frames.add(f);
                pages[i] = front.grantTable().allocateRef();
                front.grantTable().grantAccess(pages[i], BACK, f, false);
            }
            CtrlClient client = call(scheduler, FRONT, () -> {
                CtrlClient c = new CtrlClient(front, BACK, ring.buf(), 0, () -> front.events().notify(frontPort),
                        scheduler, TimeUnit.SECONDS.toNanos(30));
                front.events().setHandler(frontPort, c::onEvent);
                return c;
            });
            int handle = back.mapGrant(FRONT, ringGref, false);
            GrefMappingTable table = new GrefMappingTable(0, 64);
            CtrlBackend backend = call(scheduler, BACK, () -> {
                CtrlBackend b = new CtrlBackend(back, FRONT, back.mappedView(handle), 0,
                        CtrlBackendConfig.defaults(1, true), new HashConfig(1), new GrefMappingTable[] {table},
                        InFlightProbe.NONE, () -> back.events().notify(backPort));
                back.events().setHandler(backPort, new Runnable() {
                    @Override
                    public void run() {
                        if (b.process()) {
                            scheduler.execute(BACK, this);
                        }
                    }
                });
                return b;
            });

            for (int round = 0; round < 200; round++) {
                int from = round % 8 * 8;
                int[] slice = Arrays.copyOfRange(pages, from, from + 8);
                CtrlResult add = request(scheduler, cb -> client.addGrefMappings(0, slice, null, cb));
                assertTrue(add.success(), "round " + round + ": " + add);
                CtrlResult del = request(scheduler, cb -> client.delGrefMappings(0, slice, cb));
                assertEquals(8, del.data(), "round " + round + ": " + del);
                assertArrayEquals(new int[8], del.entryStatuses());
            }
            assertEquals(0, call(scheduler, BACK, table::size));
            assertEquals(List.of(), scheduler.failures());

            call(scheduler, FRONT, () -> {
                client.close();
                return null;
            });
            call(scheduler, BACK, () -> {
                backend.close();
                back.unmapGrant(handle);
                return null;
            });
            assertEquals(0, back.activeMappingCount());
            assertEquals(400, backend.counters().requests());
            for (int i = 0; i < pages.length; i++) {
                assertTrue(front.grantTable().endAccess(pages[i]));
                front.grantTable().freeRef(pages[i]);
                front.freeFrame(frames.get(i));
            }
            assertTrue(front.grantTable().endAccess(ringGref));
        }
    }

    private static CtrlResult request(ThreadedScheduler s, Function<Consumer<CtrlResult>, Boolean> send)
            throws Exception {
        CompletableFuture<CtrlResult> done = new CompletableFuture<>();
        s.execute(FRONT, () -> {
            if (!send.apply(done::complete)) {
                done.completeExceptionally(new AssertionError("not sent"));
            }
        });
        return done.get(30, TimeUnit.SECONDS); // a liveness guard, not a timing assertion
    }

    private static <T> T call(ThreadedScheduler s, int domid, Callable<T> body) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        s.execute(domid, () -> {
            try {
                done.complete(body.call());
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }
}
