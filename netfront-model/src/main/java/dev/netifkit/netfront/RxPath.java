package dev.netifkit.netfront;

import dev.netifkit.proto.ring.SlotWords;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.ring.FrontRing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

/**
 * Guest receive for one queue (SPEC.md §4, FR-1, FR-4, FR-5, FR-6, SG-7).
 *
 * <p>Posting: the ring is kept full; each request names one whole page — a staged RX buffer while the pool has one
 * free (no grant operation), else one of the queue's pages granted writable (zeroed first when untrusted, FR-5).
 * The request's id is its ring slot, so a response is matched to its buffer by the slot it sits in (RX-3) and its
 * id must be that slot's.
 *
 * <p>Receiving: one 8-byte load per response (RING-8). A packet is its first response, extras while
 * NETRXF_extra_info / XEN_NETIF_EXTRA_FLAG_MORE, then data slots while NETRXF_more_data. Any FR-4 fault — bad id,
 * status &lt; 0, offset + status &gt; 4096, more than 18 data slots, an extra missing or of type 0/unknown, a bad
 * GSO extra, a chain cut off at the producer — drops the packet (counted by reason); the device stays up and the
 * buffers go back to the ring. A good packet is handed to the sink as a view of its pages (staged pages included:
 * no copy). rsp_prod beyond the ring, beyond what was posted, or moving backwards is FR-1: broken.
 */
final class RxPath {
    private static final Logger LOG = LoggerFactory.getLogger(RxPath.class);
    private static final int PAGE = NetifConstants.PAGE_SIZE;
    private static final int MAX_DATA_SLOTS = NetifConstants.NR_SLOTS_MIN;

    private static final int OK = 0;
    private static final int BAD_ID = 1;
    private static final int BAD_STATUS = 2;
    private static final int BAD_OFFSET = 3;
    private static final int TOO_MANY_SLOTS = 4;
    private static final int MISSING_EXTRA = 5;
    private static final int BAD_EXTRA = 6;
    private static final int BAD_GSO = 7;
    private static final int INCOMPLETE = 8;
    private static final int EMPTY = 9;

    private final FrontQueue queue;
    private final Domain self;
    private final GrantTable gt;
    private final int backDomid;
    private final boolean trusted;
    private final FrontRing ring;
    private final ByteBuf page;
    private final int entries;
    private final int mask;
    private final FrontCounters counters;
    private final PacketSink sink;
    private final FramePool pages;
    private final Frame[] slotFrame;
    private final ByteBuf[] slotBuf;
    private final int[] slotGref;
    private final int[] slotStaged;
    private final Frame[] doneFrame;
    private final int[] doneStaged;
    private int doneCount;
    private final RxPacket packet = new RxPacket();
    private final ByteBuf extraCopy = Unpooled.wrappedBuffer(new byte[Long.BYTES]);
    private final ExtraInfoFlyweight extra = new ExtraInfoFlyweight().wrap(extraCopy, 0);
    private StagingPool staging;
    private int lastProd;

    RxPath(FrontQueue queue, FrontRing ring, PacketSink sink) {
        this.queue = queue;
        this.self = queue.self();
        this.gt = self.grantTable();
        this.backDomid = queue.backDomid();
        this.trusted = queue.settings().trusted();
        this.ring = ring;
        this.page = ring.page();
        this.entries = ring.size();
        this.mask = entries - 1;
        this.counters = queue.counters();
        this.sink = sink;
        this.pages = new FramePool(self, entries);
        this.slotFrame = new Frame[entries];
        this.slotBuf = new ByteBuf[entries];
        this.slotGref = new int[entries];
        this.slotStaged = new int[entries];
        this.doneFrame = new Frame[entries];
        this.doneStaged = new int[entries];
        Arrays.fill(slotGref, -1);
        Arrays.fill(slotStaged, -1);
        this.lastProd = ring.rspCons();
    }

    void staging(StagingPool pool) {
        this.staging = pool;
    }

    /** Allocates a page per ring slot up front: the whole ring is posted before Connected. */
    void prepare() {
        pages.prefill(entries);
    }

    /**
     * Posts requests until the ring is full (RX-1).
     *
     * @param notify push with the notify check (false before the backend is bound: publish only)
     * @return false if a grant reference was missing (posted what it could)
     */
    boolean fill(boolean notify) {
        int free = ring.freeRequests();
        int posted = 0;
        boolean ok = true;
        while (posted < free) {
            int index = ring.reqProdPvt();
            int s = index & mask;
            int gref;
            int b = staging == null ? -1 : staging.takeRx();
            if (b >= 0) {
                gref = staging.gref(b);
                slotStaged[s] = b;
                slotBuf[s] = staging.buf(b);
                slotFrame[s] = null;
            } else {
                gref = gt.allocateRef();
                if (gref < 0) {
                    ok = false;
                    break;
                }
                Frame f = pages.take(); // null only after FR-3 leaks (the device is broken then)
                if (f == null) {
                    gt.freeRef(gref);
                    ok = false;
                    break;
                }
                if (!trusted) {
                    f.buf().setZero(0, PAGE); // FR-5
                }
                gt.grantAccess(gref, backDomid, f, false);
                counters.grantsIssued++;
                slotFrame[s] = f;
                slotBuf[s] = f.buf();
                slotGref[s] = gref;
                slotStaged[s] = -1;
            }
            SlotWords.writeRxRequest(page, ring.requestOffset(index), s, gref);
            ring.advanceRequests(1);
            posted++;
        }
        if (posted > 0) {
            boolean needed = ring.pushRequests();
            if (notify) {
                queue.notifyRx(needed);
            }
        }
        return ok;
    }

    /**
     * Consumes rx responses (the rx event), refills and re-checks (RING-6); bounded per call.
     *
     * @return true if there was work (false: a spurious notification, FR-6)
     */
    boolean receive() {
        if (!queue.running()) {
            return false;
        }
        int done = 0;
        while (true) {
            int n = drain(Math.max(1, entries - done));
            if (n < 0) {
                return true;
            }
            done += n;
            if (n > 0) {
                fill(true);
            }
            if (done >= entries) {
                // Budget used: stay in polling mode (a task of our own) without re-arming rsp_event, as NAPI does,
                // so a busy ring costs the backend no notification; the task's final check re-arms it when idle.
                queue.requeueRx();
                return true;
            }
            if (!ring.finalCheckForResponses()) {
                return done > 0;
            }
        }
    }

    /** One pass: packets up to the producer (at most {@code budget} slots), or -1 once broken. */
    private int drain(int budget) {
        int prod = ring.responseProducer();
        int cons = ring.rspCons();
        int back = lastProd - prod;
        if (back != 0 && Integer.compareUnsigned(back, entries) <= 0) {
            return broken("rx rsp_prod moved backwards from " + Integer.toUnsignedString(lastProd) + " to "
                    + Integer.toUnsignedString(prod));
        }
        if (ring.responseProdOverflow(prod)) {
            return broken("rx rsp_prod " + Integer.toUnsignedString(prod) + " is " + Integer.toUnsignedString(prod - cons)
                    + " ahead of rsp_cons " + Integer.toUnsignedString(cons) + " (ring of " + entries + ")");
        }
        if (Integer.compareUnsigned(prod - cons, ring.reqProdPvt() - cons) > 0) {
            return broken("rx rsp_prod " + Integer.toUnsignedString(prod) + " answers requests never posted "
                    + "(req_prod " + Integer.toUnsignedString(ring.reqProdPvt()) + ")");
        }
        lastProd = prod;
        int used = 0;
        while (cons != prod && used < budget) {
            int next = packet(cons, prod);
            if (next == cons) {
                return -1; // broken (FR-3) while taking a buffer back
            }
            used += next - cons;
            cons = next;
        }
        return used;
    }

    private int broken(String reason) {
        queue.broken("FR-1", reason);
        return -1;
    }

    /**
     * Parses, checks and delivers (or drops) the packet starting at {@code cons}; consumes its slots.
     *
     * @return the index after the packet, or {@code cons} if the device broke
     */
    private int packet(int cons, int prod) {
        int reason = OK;
        int idx = cons;
        long w = SlotWords.readRxResponse(page, ring.requestOffset(idx)); // RING-8: one load
        if (!take(idx)) {
            return cons;
        }
        idx++;
        int flags0 = SlotWords.rxRspFlags(w);
        int dataSlots = 1;
        reason = data(idx - 1, w, reason);
        boolean cut = false;
        if ((flags0 & RxFlags.EXTRA_INFO) != 0) {
            boolean more = true;
            while (more) {
                if (idx == prod) {
                    reason = first(reason, MISSING_EXTRA);
                    cut = true;
                    break;
                }
                ring.copyResponse(idx, extraCopy, 0); // RING-8: a private copy of the extra
                if (!take(idx)) {
                    return cons;
                }
                idx++;
                reason = extra(reason);
                more = (extra.flags() & NetifConstants.EXTRA_FLAG_MORE) != 0;
            }
        }
        int flags = flags0;
        while (!cut && (flags & RxFlags.MORE_DATA) != 0) {
            if (idx == prod) {
                reason = first(reason, INCOMPLETE); // a backend pushes whole packets: drop, as Linux does
                break;
            }
            long wi = SlotWords.readRxResponse(page, ring.requestOffset(idx));
            if (!take(idx)) {
                return cons;
            }
            idx++;
            dataSlots++;
            if (dataSlots > MAX_DATA_SLOTS) {
                reason = first(reason, TOO_MANY_SLOTS);
            }
            reason = data(idx - 1, wi, reason);
            flags = SlotWords.rxRspFlags(wi);
        }
        ring.consumeResponses(idx - cons);
        if (reason == OK && packet.length() == 0) {
            reason = EMPTY;
        }
        if (reason == OK) {
            packet.flags((flags0 & RxFlags.DATA_VALIDATED) != 0, (flags0 & RxFlags.CSUM_BLANK) != 0);
            counters.rxPackets++;
            counters.rxBytes += packet.length();
            deliver();
        } else {
            dropped(reason);
        }
        giveBack();
        return idx;
    }

    /** Checks one data slot and adds its bytes (FR-4). */
    private int data(int idx, long w, int reason) {
        int s = idx & mask;
        int id = SlotWords.rxRspId(w);
        int status = SlotWords.rxRspStatus(w);
        int offset = SlotWords.rxRspOffset(w);
        if (id != s) {
            return first(reason, BAD_ID);
        }
        if (status < 0) {
            return first(reason, BAD_STATUS);
        }
        if (offset + status > PAGE) {
            return first(reason, BAD_OFFSET);
        }
        if (reason == OK && status > 0 && packet.segmentCount() < RxPacket.MAX_SEGMENTS) {
            packet.addSegment(bufOfDone(), offset, status);
            if (doneStaged[doneCount - 1] >= 0) {
                counters.rxStaged++;
            }
        }
        return reason;
    }

    /** Reads the extra in {@link #extraCopy} (RX-3). */
    private int extra(int reason) {
        int type = extra.type();
        if (type == ExtraType.NONE.code() || type >= NetifConstants.EXTRA_TYPE_MAX) {
            return first(reason, BAD_EXTRA);
        }
        if (type == ExtraType.GSO.code()) {
            int gsoType = extra.gsoType();
            int size = extra.gsoSize();
            if (size == 0 || gsoType != GsoType.TCPV4.code() && gsoType != GsoType.TCPV6.code()) {
                return first(reason, BAD_GSO);
            }
            packet.gso(gsoType, size);
        } else if (type == ExtraType.HASH.code()) {
            int hashType = extra.hashType();
            if (HashType.fromBit(hashType) != null) {
                packet.hash(hashType, extra.hashValue());
            }
        }
        return reason; // MCAST_ADD/DEL mean nothing on rx: ignored
    }

    private static int first(int reason, int next) {
        return reason == OK ? next : reason;
    }

    /** Takes the buffer posted in the slot of {@code idx} back from the backend; false after FR-3. */
    private boolean take(int idx) {
        int s = idx & mask;
        int b = slotStaged[s];
        if (b >= 0) {
            slotStaged[s] = -1;
            doneStaged[doneCount] = b;
            doneFrame[doneCount] = null;
            slotBuf[s] = null;
        } else {
            int ref = slotGref[s];
            Frame f = slotFrame[s];
            slotGref[s] = -1;
            slotFrame[s] = null;
            slotBuf[s] = null;
            if (!gt.endAccess(ref)) {
                counters.grantsLeaked++;
                pages.leak();
                giveBack();
                queue.broken("FR-3", "rx gref " + ref + " (slot " + s + ") is still mapped by the backend after its "
                        + "response: gref and page are never reused");
                return false;
            }
            gt.freeRef(ref);
            counters.grantsEnded++;
            doneStaged[doneCount] = -1;
            doneFrame[doneCount] = f;
        }
        doneCount++;
        return true;
    }

    private ByteBuf bufOfDone() {
        int i = doneCount - 1;
        int b = doneStaged[i];
        return b >= 0 ? staging.buf(b) : doneFrame[i].buf();
    }

    private void deliver() {
        try {
            sink.received(queue.index(), packet);
        } catch (RuntimeException e) {
            counters.sinkErrors++; // the sink's fault, not the backend's: count it and go on
            LOG.warn("d{} queue {}: packet sink threw", self.domid(), queue.index(), e);
        }
    }

    /** Buffers of the packet just handled go back to their pools (the ring is refilled from there). */
    private void giveBack() {
        for (int i = 0; i < doneCount; i++) {
            int b = doneStaged[i];
            if (b >= 0) {
                staging.giveRx(b);
            } else {
                pages.give(doneFrame[i]);
                doneFrame[i] = null;
            }
        }
        doneCount = 0;
        packet.reset();
    }

    private void dropped(int reason) {
        switch (reason) {
            case BAD_ID -> counters.rxDroppedBadId++;
            case BAD_STATUS -> counters.rxDroppedBadStatus++;
            case BAD_OFFSET -> counters.rxDroppedBadOffset++;
            case TOO_MANY_SLOTS -> counters.rxDroppedTooManySlots++;
            case MISSING_EXTRA -> counters.rxDroppedMissingExtra++;
            case BAD_EXTRA -> counters.rxDroppedBadExtra++;
            case BAD_GSO -> counters.rxDroppedBadGso++;
            case INCOMPLETE -> counters.rxDroppedIncomplete++;
            default -> counters.rxDroppedEmpty++;
        }
    }

    /** @return requests posted and not answered */
    int posted() {
        return ring.reqProdPvt() - ring.rspCons();
    }

    /**
     * The buffer posted in ring slot {@code s} (for tests: FR-5 checks the page before any response).
     *
     * @return its page, or null if none is posted there
     */
    ByteBuf postedBuffer(int s) {
        return slotBuf[s & mask];
    }

    /**
     * Ends the grants of posted pages and frees them (at close, after the backend disconnected).
     *
     * @return grants leaked (still mapped: FR-3)
     */
    int release() {
        int leaked = 0;
        for (int s = 0; s < entries; s++) {
            if (slotGref[s] >= 0) {
                if (gt.endAccess(slotGref[s])) {
                    gt.freeRef(slotGref[s]);
                    pages.give(slotFrame[s]);
                } else {
                    leaked++;
                    counters.grantsLeaked++;
                    pages.leak();
                }
            }
            slotGref[s] = -1;
            slotStaged[s] = -1;
            slotFrame[s] = null;
            slotBuf[s] = null;
        }
        pages.freeAll();
        return leaked;
    }
}
