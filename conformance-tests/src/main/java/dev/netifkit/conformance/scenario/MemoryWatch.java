package dev.netifkit.conformance.scenario;

import dev.netifkit.hv.Frame;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The "no write outside grants" invariant (GNT-2, RX-5): a copy of every frontend page the backend has no business
 * writing, compared with the page after every step.
 *
 * <p>Watched: pages granted read-only, pages granted to another domain, pages never granted (canaries), and pages
 * granted writable that the frontend never gave the backend to write — a writable page may change only once its
 * gref was posted in an rx request (RX-1) or named as the list of a DEL_GREF_MAPPING request (SG-4). The runner's
 * own writes are taken into the copy ({@link #resync}). A difference is reported once, then the copy follows the
 * page.
 */
final class MemoryWatch {
    private final List<Watched> watched = new ArrayList<>();
    private final Set<Integer> mayWrite = new HashSet<>();
    private final byte[] scratch = new byte[Frame.SIZE];

    /** A page of the scenario's grants. */
    void watchGrant(int gref, Frame frame, int domid, boolean readonly, int backendDomid) {
        String what;
        boolean writable = !readonly && domid == backendDomid;
        if (domid != backendDomid) {
            what = "gref " + gref + " (granted to domain " + domid + ", not the backend; GNT-2)";
        } else if (readonly) {
            what = "gref " + gref + " (granted read-only; GNT-2)";
        } else {
            what = "gref " + gref + " (granted writable but never posted for receive nor named by a"
                    + " DEL_GREF_MAPPING list; RX-5)";
        }
        watched.add(new Watched(gref, frame, what, writable));
    }

    /** A page never granted to anyone. */
    void watchCanary(Frame frame) {
        watched.add(new Watched(-1, frame, "a frontend page never granted (GNT-2)", false));
    }

    /** From now on the backend may write the page of this gref (if it was granted writable to it). */
    void allowWrite(int gref) {
        mayWrite.add(gref);
    }

    /** Takes the page's current bytes as expected (after the runner wrote it). */
    void resync(int gref) {
        for (Watched w : watched) {
            if (w.gref == gref) {
                w.frame.buf().getBytes(0, w.copy);
            }
        }
    }

    /** Compares every watched page with its copy; returns one message per page that changed when it must not. */
    List<String> verify() {
        List<String> out = new ArrayList<>();
        for (Watched w : watched) {
            w.frame.buf().getBytes(0, scratch);
            int first = -1;
            int last = -1;
            for (int i = 0; i < scratch.length; i++) {
                if (scratch[i] != w.copy[i]) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            if (first < 0) {
                continue;
            }
            if (!(w.writable && mayWrite.contains(w.gref))) {
                out.add("the backend wrote " + w.what + " at bytes " + first + ".." + last + " (byte " + first
                        + " was " + Render.hexByte(w.copy[first]) + ", now " + Render.hexByte(scratch[first]) + ")");
            }
            System.arraycopy(scratch, 0, w.copy, 0, scratch.length);
        }
        return out;
    }

    /** One watched page and the bytes it must hold. */
    private static final class Watched {
        final int gref;
        final Frame frame;
        final String what;
        final boolean writable;
        final byte[] copy = new byte[Frame.SIZE];

        Watched(int gref, Frame frame, String what, boolean writable) {
            this.gref = gref;
            this.frame = frame;
            this.what = what;
            this.writable = writable;
            frame.buf().getBytes(0, copy);
        }
    }
}
