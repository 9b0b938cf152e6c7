package dev.netifkit.hv.grant;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Fixtures;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GNT-4 under a real race: the backend copies into a granted page again and again on its own thread while the
 * frontend ends access on another. Once {@code endAccess} has returned true, no byte of any later copy may land:
 * the page must stay exactly as the frontend saw it right after ending access.
 */
class CopyEndAccessRaceTest {
    private static final int ROUNDS = Integer.getInteger("netifkit.raceRounds", 200_000);
    private static final int STAMP_BYTES = 64;

    private static final int MAX_ROUNDS = 20 * ROUNDS;

    private volatile int round;
    private volatile int backDone;
    private volatile int attempted;
    private volatile boolean stop;

    @Test
    void gnt4_copyNeverLandsAfterEndAccessReturnedTrue() throws InterruptedException {
        Hypervisor hv = Fixtures.hypervisor();
        Domain front = hv.createDomain(1, "front");
        Domain back = hv.createDomain(2, "back");
        Frame page = front.allocateFrame();
        Frame src = back.allocateFrame();
        GrantTable gt = front.grantTable();
        int ref = gt.allocateRef();
        AtomicReference<Throwable> backFailure = new AtomicReference<>();
        long[] okCopies = new long[1];

        Thread backThread = new Thread(() -> {
            GrantCopyBatch batch = new GrantCopyBatch(1);
            try {
                for (int r = 1; ; r++) {
                    if (!spinUntilRound(r)) {
                        break;
                    }
                    for (int attempt = 0; ; attempt++) {
                        // every copy carries (round, attempt): a late copy would change the page
                        for (int i = 0; i < STAMP_BYTES; i += 8) {
                            src.buf().setIntLE(i, r);
                            src.buf().setIntLE(i + 4, attempt);
                        }
                        batch.clear();
                        batch.addToGref(src, 0, 1, ref, 0, STAMP_BYTES);
                        back.grantCopy(batch);
                        int st = batch.status(0);
                        attempted = r;
                        if (st == GntStatus.OKAY) {
                            okCopies[0]++;
                            continue;
                        }
                        if (st != GntStatus.GENERAL_ERROR) {
                            throw new AssertionError("round " + r + ": copy status " + GntStatus.name(st));
                        }
                        break;
                    }
                    backDone = r;
                }
            } catch (Throwable t) {
                backFailure.set(t);
                backDone = Integer.MAX_VALUE;
            }
        }, "race-back");
        backThread.setDaemon(true);
        backThread.start();

        long refused = 0;
        byte[] seen = new byte[STAMP_BYTES];
        byte[] later = new byte[STAMP_BYTES];
        // At least ROUNDS rounds, and more (bounded) until both interleavings came up: a loaded machine may
        // schedule the threads so that the copier rarely overlaps endAccess.
        int r;
        for (r = 1; (r <= ROUNDS || okCopies[0] == 0 || refused == 0) && r <= MAX_ROUNDS
                && backFailure.get() == null; r++) {
            gt.grantAccess(ref, 2, page, false);
            round = r;
            if (r % 16 == 0) {
                spinUntilAttempted(r); // some rounds end access only once the copier is busy
            } else {
                for (int spin = r % 64; spin > 0; spin--) {
                    Thread.onSpinWait(); // let some copies start
                }
            }
            while (!gt.endAccess(ref)) {
                refused++;
                Thread.onSpinWait();
            }
            page.buf().getBytes(0, seen);
            spinUntilDone(r);
            page.buf().getBytes(0, later);
            if (!Arrays.equals(seen, later)) {
                throw new AssertionError("round " + r + ": a copy landed after endAccess returned true: page went from "
                        + stamp(seen) + " to " + stamp(later));
            }
        }
        stop = true;
        backThread.join();
        assertNull(backFailure.get(), () -> "backend thread failed: " + backFailure.get());
        assertEquals(0, gt.grantedCount());
        assertTrue(okCopies[0] > 0, "no copy ever succeeded: the race was not exercised");
        assertTrue(refused > 0, "endAccess never met a copy in progress in " + r + " rounds");
    }

    private void spinUntilDone(int r) {
        int spins = 0;
        while (backDone < r) {
            if (++spins > 1000) {
                Thread.yield(); // fewer cores than spinning threads
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void spinUntilAttempted(int r) {
        int spins = 0;
        while (attempted < r && backDone < r) {
            if (++spins > 1000) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private boolean spinUntilRound(int r) {
        int spins = 0;
        while (round < r) {
            if (stop) {
                return false;
            }
            if (++spins > 1000) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    private static String stamp(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return "(round " + bb.getInt(0) + ", attempt " + bb.getInt(4) + ")";
    }
}
