package dev.netifkit.netfront;

import dev.netifkit.ctrl.CtrlClient;
import dev.netifkit.ctrl.CtrlResult;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.NetifConstants;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * One queue's staged buffers (SG-5..SG-7, FR-7): frames granted once to the backend and registered in its gref
 * mapping table with ADD_GREF_MAPPING, so the datapath copies packet data into them instead of granting per packet.
 *
 * <p>Negotiation, only after the backend is Connected (SG-5): GET_GREF_MAPPING_SIZE(queue); on SUCCESS with size
 * S the pool is min(S, stagingPoolMax) buffers, {@code stagingTxShare}% for TX granted read-only, the rest for RX
 * granted writable (each side capped at the ring size: more could never be in flight); then ADD in lists of at most
 * 512 (SG-1). NOT_SUPPORTED, INVALID_PARAMETER, a timeout or no control ring leave the queue on plain grants, never
 * an error (FR-7). A list whose ADD timed out may still be mapped later by the backend, so its grants are parked
 * (unused, kept) until close.
 *
 * <p>Buffers move between the free stacks and the datapath (a TX buffer is in flight until its response, an RX
 * buffer while posted); {@link #unstage} only ever names free buffers in a DEL (FR-7). Everything runs on the
 * frontend's context; the datapath calls ({@link #takeTx} ... {@link #giveRx}) allocate nothing.
 */
final class StagingPool {
    private static final Logger LOG = LoggerFactory.getLogger(StagingPool.class);

    /** Negotiation states. */
    enum State { OFF, NEGOTIATING, ACTIVE, UNSUPPORTED }

    private static final byte NONE = 0;
    private static final byte PREPARED = 1;
    /** Added to the backend's table: free (on a stack) or in flight — the stacks tell which, not this array. */
    private static final byte STAGED = 2;
    private static final byte DELETING = 4;
    private static final byte PARKED = 5;
    private static final byte GONE = 6;
    private static final byte LEAKED = 7;

    private final Domain self;
    private final GrantTable gt;
    private final int queue;
    private final int backDomid;
    private final NetfrontSettings settings;
    private final int ringEntries;
    private final FrontCounters counters;
    private final Runnable onActive;
    private final BooleanSupplier running;

    private State state = State.OFF;
    private int listsInFlight;
    private boolean closed;
    private String outcome = "not negotiated";
    private Frame[] frames = new Frame[0];
    private ByteBuf[] bufs = new ByteBuf[0];
    private int[] grefs = new int[0];
    private byte[] bufState = new byte[0];
    private int[] dirtyOffset = new int[0];
    private int[] dirtyLength = new int[0];
    private int txCount;
    private IntStack txFree = new IntStack(0);
    private IntStack rxFree = new IntStack(0);

    /**
     * @param onActive run when the first list is added (the datapath may refill with staged buffers)
     */
    StagingPool(Domain self, int queue, int backDomid, NetfrontSettings settings, int ringEntries,
                FrontCounters counters, Runnable onActive, BooleanSupplier running) {
        this.running = running;
        this.self = self;
        this.gt = self.grantTable();
        this.queue = queue;
        this.backDomid = backDomid;
        this.settings = settings;
        this.ringEntries = ringEntries;
        this.counters = counters;
        this.onActive = onActive;
    }

    /** @return the negotiation state */
    State state() {
        return state;
    }

    /** @return true if staged buffers may be used */
    boolean active() {
        return state == State.ACTIVE;
    }

    /** @return true once negotiation is over: staging active with no ADD outstanding, or given up */
    boolean settled() {
        return state == State.UNSUPPORTED || (state == State.ACTIVE && listsInFlight == 0);
    }

    /** @return how negotiation ended, for reports */
    String outcome() {
        return outcome;
    }

    /**
     * Starts negotiation (SG-5: the caller checked the backend is Connected).
     *
     * @param ctrl the control ring client, or null when there is none (FR-7: plain grants, no error)
     */
    void begin(CtrlClient ctrl) {
        if (state != State.OFF || closed) {
            return;
        }
        if (ctrl == null) {
            state = State.UNSUPPORTED;
            outcome = "no control ring";
            return;
        }
        state = State.NEGOTIATING;
        if (!ctrl.getGrefMappingSize(queue, r -> onSize(ctrl, r))) {
            unsupported("control ring busy or broken");
        }
    }

    private void unsupported(String why) {
        state = State.UNSUPPORTED;
        outcome = why;
        LOG.debug("d{} queue {}: no staging grants ({})", self.domid(), queue, why);
    }

    private void onSize(CtrlClient ctrl, CtrlResult r) {
        if (closed) {
            return;
        }
        if (!running.getAsBoolean()) {
            unsupported("device broken: nothing more is sent (FR-1)");
            return;
        }
        if (!r.success()) {
            unsupported("GET_GREF_MAPPING_SIZE " + (r.timedOut() ? "timed out" : r.status().name()));
            return;
        }
        long capacity = Integer.toUnsignedLong(r.data());
        int n = (int) Math.min(capacity, settings.stagingPoolMax());
        int tx = Math.min(ringEntries, (int) ((long) n * settings.stagingTxShare() / 100));
        int rx = Math.min(ringEntries, n - (int) ((long) n * settings.stagingTxShare() / 100));
        if (tx + rx == 0) {
            unsupported("pool of 0 buffers (capacity " + capacity + ", max " + settings.stagingPoolMax() + ")");
            return;
        }
        prepare(tx, rx);
        if (frames.length == 0) {
            unsupported("no grant reference left");
            return;
        }
        addList(ctrl, 0);
    }

    /** Allocates and grants the buffers (TX read-only, RX writable); stops early if the grant table runs out. */
    private void prepare(int tx, int rx) {
        int n = tx + rx;
        frames = new Frame[n];
        bufs = new ByteBuf[n];
        grefs = new int[n];
        bufState = new byte[n];
        dirtyOffset = new int[n];
        dirtyLength = new int[n];
        int made = 0;
        for (; made < n; made++) {
            int ref = gt.allocateRef();
            if (ref < 0) {
                break;
            }
            Frame f = self.allocateFrame();
            boolean readonly = made < tx;
            gt.grantAccess(ref, backDomid, f, readonly);
            frames[made] = f;
            bufs[made] = f.buf();
            grefs[made] = ref;
            bufState[made] = PREPARED;
        }
        if (made < n) {
            frames = Arrays.copyOf(frames, made);
            bufs = Arrays.copyOf(bufs, made);
            grefs = Arrays.copyOf(grefs, made);
            bufState = Arrays.copyOf(bufState, made);
        }
        txCount = Math.min(tx, made);
        txFree = new IntStack(txCount);
        rxFree = new IntStack(made - txCount);
    }

    /** ADDs buffers [from, from + 512) (SG-3), then the next list when it succeeds. */
    private void addList(CtrlClient ctrl, int from) {
        int count = Math.min(NetifConstants.GREF_LIST_MAX_ENTRIES, frames.length - from);
        int[] list = Arrays.copyOfRange(grefs, from, from + count);
        boolean[] readonly = new boolean[count];
        for (int i = 0; i < count; i++) {
            readonly[i] = from + i < txCount;
        }
        boolean sent = ctrl.addGrefMappings(queue, list, readonly, r -> onAdded(ctrl, from, count, r));
        if (sent) {
            listsInFlight++;
        } else {
            ungrant(from, frames.length);
            finishAdd("ADD_GREF_MAPPING not sent (control ring busy or broken)");
        }
    }

    private void onAdded(CtrlClient ctrl, int from, int count, CtrlResult r) {
        listsInFlight--;
        if (closed) {
            return;
        }
        if (r.success()) {
            for (int b = from; b < from + count; b++) {
                bufState[b] = STAGED;
                (b < txCount ? txFree : rxFree).push(b);
            }
            boolean first = state != State.ACTIVE;
            state = State.ACTIVE;
            outcome = "active";
            if (from + count < frames.length && !running.getAsBoolean()) {
                // Broken meanwhile: nothing more is sent (FR-1); the buffers not yet added are ungranted.
                ungrant(from + count, frames.length);
                frames = Arrays.copyOf(frames, from + count);
                bufs = Arrays.copyOf(bufs, from + count);
                grefs = Arrays.copyOf(grefs, from + count);
                bufState = Arrays.copyOf(bufState, from + count);
            } else if (from + count < frames.length) {
                addList(ctrl, from + count);
            } else {
                LOG.debug("d{} queue {}: {} staged buffers ({} tx, {} rx)", self.domid(), queue, frames.length,
                        txCount, frames.length - txCount);
            }
            if (first) {
                onActive.run();
            }
            return;
        }
        if (r.timedOut()) {
            // The backend may still map them: keep the grants, never use them, end them at close.
            for (int b = from; b < frames.length; b++) {
                if (bufState[b] == PREPARED) {
                    bufState[b] = PARKED;
                }
            }
            finishAdd("ADD_GREF_MAPPING timed out");
        } else {
            ungrant(from, frames.length); // SG-3: all or nothing, so none of this list is mapped
            finishAdd("ADD_GREF_MAPPING " + r.status().name());
        }
    }

    private void finishAdd(String why) {
        if (state != State.ACTIVE) {
            unsupported(why);
        } else {
            LOG.debug("d{} queue {}: staging active with fewer buffers ({})", self.domid(), queue, why);
        }
    }

    /** Ends the grants of prepared (never added) buffers [from, to) and frees their frames. */
    private void ungrant(int from, int to) {
        for (int b = from; b < to; b++) {
            if (bufState[b] == PREPARED) {
                endAndFree(b);
            }
        }
    }

    private void endAndFree(int b) {
        if (gt.endAccess(grefs[b])) {
            gt.freeRef(grefs[b]);
            self.freeFrame(frames[b]);
            bufState[b] = GONE;
        } else {
            bufState[b] = LEAKED; // FR-3: the backend still maps it; never reused
            counters.grantsLeaked++;
        }
        frames[b] = null;
        bufs[b] = null;
    }

    // ------------------------------------------------------------------ datapath

    /** @return a free TX buffer, now in flight, or -1 */
    int takeTx() {
        return txFree.pop();
    }

    /** @param b a TX buffer whose response came */
    void giveTx(int b) {
        txFree.push(b);
    }

    /** @return a free RX buffer, now posted, or -1 */
    int takeRx() {
        return rxFree.pop();
    }

    /** @param b an RX buffer whose response was handled */
    void giveRx(int b) {
        rxFree.push(b);
    }

    /** @return the buffer's page (the frontend's own view) */
    ByteBuf buf(int b) {
        return bufs[b];
    }

    /** @return the buffer's gref, named in the slot instead of a per-packet grant */
    int gref(int b) {
        return grefs[b];
    }

    /**
     * FR-5 for staged TX buffers: zero what the previous packet left, so no byte beyond this packet is shared.
     *
     * @param b a TX buffer
     * @param offset where the new packet goes
     * @param length its bytes
     */
    void scrub(int b, int offset, int length) {
        int len = dirtyLength[b];
        if (len > 0) {
            bufs[b].setZero(dirtyOffset[b], len);
        }
        dirtyOffset[b] = offset;
        dirtyLength[b] = length;
    }

    /** @return free TX buffers */
    int freeTx() {
        return txFree.size();
    }

    /** @return free RX buffers */
    int freeRx() {
        return rxFree.size();
    }

    /** @return the grefs of every staged buffer (for tests and reports) */
    int[] stagedGrefs() {
        int[] out = new int[frames.length];
        int n = 0;
        for (int b = 0; b < frames.length; b++) {
            if (bufState[b] == STAGED || bufState[b] == DELETING) {
                out[n++] = grefs[b];
            }
        }
        return Arrays.copyOf(out, n);
    }

    // ------------------------------------------------------------------ DEL

    /**
     * Unstages up to {@code count} free buffers (TX first, then RX) with DEL_GREF_MAPPING (SG-4). Only free buffers
     * are named, never one in flight (FR-7). Entries the backend removed have their grants ended and frames freed;
     * entries it refused stay staged and return to the pool; after a timeout they are parked until close.
     *
     * @param ctrl the control client
     * @param count buffers wanted, ≥ 0
     * @return buffers named in the DEL (0 if none was free or nothing could be sent)
     */
    int unstage(CtrlClient ctrl, int count) {
        if (state != State.ACTIVE || ctrl == null || count <= 0) {
            return 0;
        }
        int n = Math.min(Math.min(count, NetifConstants.GREF_LIST_MAX_ENTRIES), txFree.size() + rxFree.size());
        if (n == 0) {
            return 0;
        }
        int[] picked = new int[n];
        for (int i = 0; i < n; i++) {
            int b = !txFree.isEmpty() ? txFree.pop() : rxFree.pop();
            bufState[b] = DELETING;
            picked[i] = b;
        }
        int[] list = new int[n];
        for (int i = 0; i < n; i++) {
            list[i] = grefs[picked[i]];
        }
        if (!ctrl.delGrefMappings(queue, list, r -> onDeleted(picked, r))) {
            for (int b : picked) {
                back(b);
            }
            return 0;
        }
        return n;
    }

    private void onDeleted(int[] picked, CtrlResult r) {
        if (closed) {
            return;
        }
        if (r.timedOut()) {
            for (int b : picked) {
                bufState[b] = PARKED; // unknown whether removed: never used again, ended at close
            }
            return;
        }
        int[] st = r.entryStatuses();
        for (int i = 0; i < picked.length; i++) {
            int b = picked[i];
            boolean removed = r.success() && st != null && i < st.length && st[i] == CtrlStatus.SUCCESS.code();
            if (removed) {
                endAndFree(b);
                counters.stagingUnstaged++;
            } else {
                back(b); // still mapped by the backend: still staged
            }
        }
    }

    private void back(int b) {
        bufState[b] = STAGED;
        (b < txCount ? txFree : rxFree).push(b);
    }

    // ------------------------------------------------------------------ close

    /**
     * Ends every grant and frees every frame of the pool (the backend dropped its mappings when it disconnected,
     * SG-5); a grant it still holds is leaked (FR-3), counted. Later callbacks are ignored.
     *
     * @return grants leaked
     */
    int release() {
        closed = true;
        state = State.OFF;
        int leaked = 0;
        for (int b = 0; b < frames.length; b++) {
            byte s = bufState[b];
            if (s != NONE && s != GONE && s != LEAKED) {
                endAndFree(b);
                if (bufState[b] == LEAKED) {
                    leaked++;
                }
            }
        }
        txFree.clear();
        rxFree.clear();
        return leaked;
    }
}
