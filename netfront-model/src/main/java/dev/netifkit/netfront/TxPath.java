package dev.netifkit.netfront;

import dev.netifkit.proto.ring.SlotWords;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.ring.FrontRing;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * Guest transmit for one queue (SPEC.md §3, FR-1..FR-3, FR-5, SG-7).
 *
 * <p>Writing: a packet that fits one staged buffer (page offset + length ≤ 4096) while one is free is copied into
 * it and named by its staged gref — no grant operation. Anything else is copied into the queue's own pages, cut at
 * 4 KiB boundaries, one gref per slot granted read-only to the backend (ended on completion). The first request
 * carries the total size and checksum flags, a GSO extra follows it when asked and offered, followers carry
 * more_data but the last (TX-1). Slots are written but not published: {@link #flush()} does that.
 *
 * <p>Completions: one 4-byte load per response; NULL statuses skipped; an id out of range or not in flight is FR-2;
 * a grant the backend still maps at completion is FR-3 (gref and page leaked, never reused). Each of these makes
 * the device broken. No allocation per packet.
 */
final class TxPath {
    private static final int PAGE = NetifConstants.PAGE_SIZE;

    private final FrontQueue queue;
    private final Domain self;
    private final GrantTable gt;
    private final int backDomid;
    private final boolean trusted;
    private final FrontRing ring;
    private final ByteBuf page;
    private final int entries;
    private final FrontCounters counters;
    private final IdFreeList ids;
    private final int[] grefOf;
    private final Frame[] frameOf;
    private final int[] stagedOf;
    private final FramePool frames;
    private final ExtraInfoFlyweight extra = new ExtraInfoFlyweight();
    private final int[] pendingIds = new int[TxSlots.MAX_FOLLOWERS + 1];
    private final boolean gsoTcpv4;
    private final boolean gsoTcpv6;
    private StagingPool staging;
    private int published;
    // Ids of slots written but not yet published: a response naming one is unsolicited (FR-2).
    private final boolean[] unpublished;
    private final int[] unpublishedIds;
    private int unpublishedCount;
    private long memcpyPending;

    TxPath(FrontQueue queue, FrontRing ring, boolean gsoTcpv4, boolean gsoTcpv6) {
        this.queue = queue;
        this.self = queue.self();
        this.gt = self.grantTable();
        this.backDomid = queue.backDomid();
        this.trusted = queue.settings().trusted();
        this.ring = ring;
        this.page = ring.page();
        this.entries = ring.size();
        this.counters = queue.counters();
        this.ids = new IdFreeList(entries);
        this.grefOf = new int[entries];
        this.frameOf = new Frame[entries];
        this.stagedOf = new int[entries];
        Arrays.fill(grefOf, -1);
        Arrays.fill(stagedOf, -1);
        this.frames = new FramePool(self, entries);
        this.gsoTcpv4 = gsoTcpv4;
        this.gsoTcpv6 = gsoTcpv6;
        this.published = ring.reqProdPvt();
        this.unpublished = new boolean[entries];
        this.unpublishedIds = new int[entries];
    }

    void staging(StagingPool pool) {
        this.staging = pool;
    }

    /**
     * Writes one packet's slots (not published).
     *
     * @return a {@link TxResult} code
     */
    int transmit(ByteBuf data, int offset, int length, TxMeta meta) {
        int pageOffset = meta == null ? 0 : meta.pageOffset();
        int csum = meta == null ? 0 : meta.checksum().txFlags();
        int gsoType = meta == null ? 0 : meta.gsoType();
        boolean gso = gsoType == GsoType.TCPV4.code() && gsoTcpv4 || gsoType == GsoType.TCPV6.code() && gsoTcpv6;
        // SG-7: a whole packet in one staged buffer when it fits and one is free; per-packet grants otherwise
        boolean fitsStaged = staging != null && pageOffset + length <= PAGE && staging.freeTx() > 0
                && staging.active();
        int start = fitsStaged ? pageOffset : TxSlots.effectiveOffset(pageOffset, length);
        int slots = fitsStaged ? 1 : TxSlots.requestSlots(start, length);
        if (slots - 1 > TxSlots.MAX_FOLLOWERS) {
            counters.txTooBig++;
            return TxResult.TOO_BIG;
        }
        int ringSlots = slots + (gso ? 1 : 0);
        if (!room(ringSlots, slots)) {
            complete(); // reap what the backend answered already, as Linux's start_xmit does
            if (!queue.running()) {
                return TxResult.BROKEN;
            }
            if (!room(ringSlots, slots)) {
                flush();
                counters.txRingFull++;
                return TxResult.RING_FULL;
            }
        }
        int flags0 = csum | (gso ? TxFlags.EXTRA_INFO : 0) | (slots > 1 ? TxFlags.MORE_DATA : 0);
        int first = ring.reqProdPvt();
        if (fitsStaged) {
            int b = staging.takeTx();
            ByteBuf buf = staging.buf(b);
            if (!trusted) {
                staging.scrub(b, start, length); // FR-5
            }
            buf.setBytes(start, data, offset, length);
            memcpyPending += length; // reported to the hypervisor's counters once per flush
            int id = allocateId();
            stagedOf[id] = b;
            SlotWords.writeTxRequest(page, ring.requestOffset(first), staging.gref(b), start, flags0, id, length);
            counters.txStaged++;
        } else {
            if (!grantSlots(data, offset, length, start, slots, first, flags0, gso)) {
                flush();
                counters.txRingFull++;
                return TxResult.RING_FULL; // no grant reference or page left: nothing was written
            }
            counters.txGranted++;
        }
        if (gso) {
            extra.wrap(page, ring.requestOffset(first + 1)).type(ExtraType.GSO.code()).flags(0)
                    .gsoSize(meta.gsoSize()).gsoType(gsoType).gsoPad(0).gsoFeatures(0);
        }
        ring.advanceRequests(ringSlots);
        counters.txPackets++;
        counters.txBytes += length;
        if (ring.freeRequests() < TxSlots.STOP_THRESHOLD) {
            flush(); // the ring runs out of room: let the backend see what is queued
        }
        return TxResult.OK;
    }

    private boolean room(int ringSlots, int requestSlots) {
        int free = ring.freeRequests();
        return free >= TxSlots.STOP_THRESHOLD && free >= ringSlots && ids.available() >= requestSlots;
    }

    /** Copies the packet into the queue's pages, one granted page per slot; false (all undone) if out of grefs. */
    private boolean grantSlots(ByteBuf data, int offset, int length, int start, int slots, int first, int flags0,
                               boolean gso) {
        int remaining = length;
        int src = offset;
        int pageOff = start;
        int index = first;
        for (int k = 0; k < slots; k++) {
            int chunk = Math.min(remaining, PAGE - pageOff);
            int ref = gt.allocateRef();
            if (ref < 0) {
                undo(k);
                return false;
            }
            Frame f = frames.take(); // null only after FR-3 leaks (the device is broken then)
            if (f == null) {
                gt.freeRef(ref);
                undo(k);
                return false;
            }
            ByteBuf buf = f.buf();
            if (!trusted) {
                buf.setZero(0, PAGE); // FR-5: nothing beyond the packet is shared
            }
            buf.setBytes(pageOff, data, src, chunk);
            gt.grantAccess(ref, backDomid, f, true);
            counters.grantsIssued++;
            int id = allocateId();
            grefOf[id] = ref;
            frameOf[id] = f;
            pendingIds[k] = id;
            if (k == 0) {
                SlotWords.writeTxRequest(page, ring.requestOffset(index), ref, pageOff, flags0, id, length);
                index += gso ? 2 : 1;
            } else {
                int flags = k < slots - 1 ? TxFlags.MORE_DATA : 0;
                SlotWords.writeTxRequest(page, ring.requestOffset(index), ref, pageOff, flags, id, chunk);
                index++;
            }
            remaining -= chunk;
            src += chunk;
            pageOff = 0;
        }
        return true;
    }

    /** Takes back the first {@code k} slots of an unpublished packet. */
    private void undo(int k) {
        for (int i = 0; i < k; i++) {
            int id = pendingIds[i];
            release(id);
            ids.release(id);
        }
    }

    /** Publishes written requests (RING-5) and notifies per the push-and-check rule (RING-6). */
    void flush() {
        if (memcpyPending != 0) {
            self.counters().recordMemcpy(memcpyPending);
            memcpyPending = 0;
        }
        // Every id written since the last flush is published now (or was taken back by undo): in flight from here.
        for (int i = 0; i < unpublishedCount; i++) {
            unpublished[unpublishedIds[i]] = false;
        }
        unpublishedCount = 0;
        if (ring.reqProdPvt() == published || !queue.running()) {
            return;
        }
        published = ring.reqProdPvt();
        queue.notifyTx(ring.pushRequests());
    }

    /**
     * Consumes tx responses (the tx event), bounded per call.
     *
     * @return true if there was work (false: a spurious notification, FR-6)
     */
    boolean complete() {
        if (!queue.running()) {
            return false;
        }
        int done = 0;
        while (true) {
            int n = drain();
            if (n < 0) {
                return true;
            }
            done += n;
            if (done >= 2 * entries) {
                queue.requeueTx(); // bounded work per call (a peer cannot keep us here); polling goes on in a task
                return true;
            }
            if (!ring.finalCheckForResponses()) {
                return done > 0;
            }
        }
    }

    /** An id for a slot about to be written; it is in flight but unpublished until {@link #flush()}. */
    private int allocateId() {
        int id = ids.allocate();
        if (id >= 0) {
            unpublished[id] = true;
            unpublishedIds[unpublishedCount++] = id;
        }
        return id;
    }

    /** One pass up to the published producer: responses handled, or -1 once broken. */
    private int drain() {
        int prod = ring.responseProducer();
        int cons = ring.rspCons();
        if (ring.responseProdOverflow(prod)) {
            queue.broken("FR-1", "tx rsp_prod " + Integer.toUnsignedString(prod) + " is "
                    + Integer.toUnsignedString(prod - cons) + " ahead of rsp_cons " + Integer.toUnsignedString(cons)
                    + " (ring of " + entries + ")");
            return -1;
        }
        if (Integer.compareUnsigned(prod - cons, published - cons) > 0) {
            queue.broken("FR-1", "tx rsp_prod " + Integer.toUnsignedString(prod) + " answers requests never published "
                    + "(req_prod " + Integer.toUnsignedString(published) + ")");
            return -1;
        }
        int n = 0;
        while (cons != prod) {
            int word = SlotWords.readTxResponse(page, ring.requestOffset(cons)); // RING-8: one load, never re-read
            ring.consumeResponses(1);
            n++;
            int status = SlotWords.txRspStatus(word);
            if (status == NetifRsp.NULL) {
                cons++;
                continue; // an extra-info slot's response: no meaningful id (TX-3, FR-2)
            }
            int id = SlotWords.txRspId(word);
            if (!ids.inFlight(id) || unpublished[id]) {
                queue.broken("FR-2", "tx response at " + Integer.toUnsignedString(cons) + " names id " + id
                        + (id >= entries ? " >= ring entries " + entries
                        : unpublished[id] ? " of a request not yet published" : " not in flight (duplicate or unsolicited)"));
                return -1;
            }
            if (status != NetifRsp.OKAY) {
                counters.txErrors++;
            }
            if (!release(id)) {
                return -1;
            }
            ids.releaseInFlight(id);
            cons++;
        }
        return n;
    }

    /** Releases an id's buffer; false after FR-3 (the grant is still mapped: gref and page leaked). */
    private boolean release(int id) {
        int b = stagedOf[id];
        if (b >= 0) {
            stagedOf[id] = -1;
            staging.giveTx(b);
            return true;
        }
        int ref = grefOf[id];
        Frame f = frameOf[id];
        grefOf[id] = -1;
        frameOf[id] = null;
        if (gt.endAccess(ref)) {
            gt.freeRef(ref);
            counters.grantsEnded++;
            frames.give(f);
            return true;
        }
        counters.grantsLeaked++;
        frames.leak();
        queue.broken("FR-3", "tx gref " + ref + " (id " + id + ") is still mapped by the backend at completion: "
                + "gref and page are never reused");
        return false;
    }

    /** @return tx request ids in flight */
    int inFlight() {
        return ids.inFlightCount();
    }

    /**
     * Ends the grants of requests still in flight and frees the pages (at close, after the backend disconnected).
     *
     * @return grants leaked (still mapped: FR-3)
     */
    int release() {
        int leaked = 0;
        for (int id = 0; id < entries; id++) {
            if (!ids.inFlight(id)) {
                continue;
            }
            if (stagedOf[id] >= 0) {
                stagedOf[id] = -1; // the pool ends its own grants
            } else if (grefOf[id] >= 0) {
                int ref = grefOf[id];
                if (gt.endAccess(ref)) {
                    gt.freeRef(ref);
                    frames.give(frameOf[id]);
                } else {
                    leaked++;
                    counters.grantsLeaked++;
                    frames.leak();
                }
                grefOf[id] = -1;
                frameOf[id] = null;
            }
            ids.release(id);
        }
        frames.freeAll();
        return leaked;
    }
}
