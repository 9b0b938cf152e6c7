package dev.netifkit.netback;

import dev.netifkit.ctrl.GrefMappingTable;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GntStatus;
import dev.netifkit.hv.grant.GrantCopyBatch;
import dev.netifkit.hv.sched.Cancellable;
import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.RingArith;
import dev.netifkit.proto.ring.SlotWords;
import io.netty.buffer.ByteBuf;

/**
 * Guest receive for one queue (SPEC.md §4, BK-13..BK-16): packets from the network side are copied into backend
 * memory and queued (bounded, BK-15), then each is delivered only once enough rx requests are posted for its data
 * slots and extras (BK-13), filled from offset 0, 4096 bytes per slot but the last (BK-14), by grant copy or, for
 * staged grefs, by memcpy through the persistent mapping (SG-6). Queued packets expire after the drain timeout;
 * a queue starved of slots past the stall timeout turns the carrier off until slots return.
 */
final class RxEngine {
    private static final int PAGE = NetifConstants.PAGE_SIZE;
    private static final int MAX_SLOTS = 19;
    private static final long NONE = Long.MIN_VALUE;

    private final NetbackQueue queue;
    private final Domain self;
    private final int frontDomid;
    private final BackRing ring;
    private final GrefMappingTable table;
    private final QueueCounters counters;
    private final RxArena arena;
    private final long boundBytes;
    private final long drainNanos;
    private final long stallNanos;
    private final boolean gsoTcpv4;
    private final boolean gsoTcpv6;
    private int descMask;
    private final int maxDescriptors;

    // Queued packets: a circular array of descriptors (no object per packet).
    private int[] handle;
    private int[] len;
    private byte[] csum;
    private int[] gsoType;
    private int[] gsoSize;
    private boolean[] hashed;
    private int[] hashType;
    private int[] hash;
    private long[] expires;
    private int head;
    private int count;
    private long queuedBytes;

    private final ExtraInfoFlyweight extra = new ExtraInfoFlyweight();
    private final int[] ids = new int[MAX_SLOTS + 2];
    private final int[] grefs = new int[MAX_SLOTS + 2];
    private final int[] status = new int[MAX_SLOTS + 2];
    private final int[] opSlot = new int[MAX_SLOTS + 2];
    private final GrantCopyBatch copies = new GrantCopyBatch(MAX_SLOTS + 2);

    private boolean stalled;
    private long lastRxTime;
    private Cancellable timer;
    private long timerAt = NONE;

    RxEngine(NetbackQueue queue, BackRing ring) {
        this.queue = queue;
        this.self = queue.self();
        this.frontDomid = queue.frontDomid();
        this.ring = ring;
        this.table = queue.stagingTable();
        this.counters = queue.counters();
        NetbackSettings s = queue.settings();
        this.boundBytes = s.rxQueueBytes();
        boolean notify = queue.frontend().rxNotify();
        this.drainNanos = (notify ? s.drainTimeoutMs() : s.drainTimeoutNoNotifyMs()) * 1_000_000L;
        this.stallNanos = notify ? s.stallTimeoutMs() * 1_000_000L : NONE; // BK-15: no stall detection without rx-notify
        int frames = (int) (2 * (boundBytes / PAGE) + 17); // worst-case packing, plus one 64 KiB packet
        this.arena = new RxArena(self, frames);
        this.lastRxTime = self.scheduler().nowNanos(); // "last delivery" starts at connect, as Linux's last_rx_time
        this.gsoTcpv4 = queue.frontend().gsoTcpv4();
        this.gsoTcpv6 = queue.frontend().gsoTcpv6();
        // Powers of two, so the descriptor ring wraps with a mask; it starts small and doubles on demand up to
        // what the byte bound can hold in minimum-size frames.
        this.maxDescriptors = Integer.highestOneBit((int) Math.min(boundBytes / 64 + 64, 1 << 24) - 1) << 1;
        int descriptors = Math.min(1024, maxDescriptors);
        this.descMask = descriptors - 1;
        handle = new int[descriptors];
        len = new int[descriptors];
        csum = new byte[descriptors];
        gsoType = new int[descriptors];
        gsoSize = new int[descriptors];
        hashed = new boolean[descriptors];
        hashType = new int[descriptors];
        hash = new int[descriptors];
        expires = new long[descriptors];
    }

    /** @return whether this queue is stalled (BK-15): the device's carrier is off while any queue is */
    boolean stalled() {
        return stalled;
    }

    /**
     * Queues a packet for the guest (BK-15): accepted while the queue holds less than the bound.
     *
     * @return true if queued
     */
    boolean enqueue(ByteBuf data, int offset, int length, RxMeta meta, boolean isHashed, int type, int value) {
        if (queuedBytes >= boundBytes || (count == handle.length && !growDescriptors())) {
            counters.rxDroppedQueueFull++;
            return false;
        }
        int at = arena.allocate(length);
        if (at < 0) {
            counters.rxDroppedNoMemory++;
            return false;
        }
        arena.write(at, data, offset, length);
        int i = (head + count) & descMask;
        handle[i] = at;
        len[i] = length;
        csum[i] = (byte) meta.checksum().rxFlags(); // BK-14: the first slot's checksum flags
        gsoType[i] = meta.gsoType();
        gsoSize[i] = meta.gsoSize();
        hashed[i] = isHashed;
        hashType[i] = type;
        hash[i] = value;
        expires[i] = self.scheduler().nowNanos() + drainNanos;
        count++;
        queuedBytes += length;
        return true;
    }

    /** @return packets waiting for rx slots */
    int queued() {
        return count;
    }

    /** Delivers what the posted requests allow; drops expired packets; manages stall and timers. */
    void run() {
        if (queue.disabled()) {
            return;
        }
        long now = self.scheduler().nowNanos();
        dropExpired(now);
        boolean waiting = false;
        int available = 0; // posted requests known from the last producer read; re-read only when short
        while (count > 0 && !queue.disabled()) {
            int needed = slotsNeeded(head);
            if (available < needed) {
                available = available();
                if (available < needed) {
                    if (available < 0) {
                        return; // fatal: request overflow
                    }
                    // BK-13: wait without consuming; ask to be told when the producer moves, then look once more.
                    ring.requestEvent(ring.requestProducer() + 1);
                    available = available();
                    if (available < 0) {
                        return;
                    }
                    if (available < needed) {
                        waiting = true;
                        break;
                    }
                }
            }
            deliver(needed);
            available -= needed;
            lastRxTime = now;
        }
        queue.pushRxResponses();
        if (stallNanos != NONE && !queue.disabled()) {
            // BK-15, as Linux's xenvif_rx_queue_stalled/ready: too few slots (for the waiting packet, or none at all)
            // for longer than the stall timeout since the last delivery stalls the queue; a posted slot ends it.
            int posted = waiting ? available : available();
            boolean starved = waiting || (count == 0 && posted == 0);
            if (!stalled && starved && now - lastRxTime > stallNanos) {
                stalled = true;
                counters.rxStalls++;
                queue.stallChanged(true);
            } else if (stalled && posted > 0) {
                stalled = false;
                queue.stallChanged(false);
            }
        }
        armTimer(now, waiting);
    }

    /** Unconsumed rx requests from one read of req_prod, or -1 after declaring a request overflow fatal (RING-9). */
    private int available() {
        int prod = ring.requestProducer();
        if (ring.requestProdOverflow(prod)) {
            queue.fatal("RING-9", "rx ring overflow: req_prod " + Integer.toUnsignedString(prod) + " is more than "
                    + ring.size() + " ahead of rsp_prod " + Integer.toUnsignedString(ring.rspProdPvt()));
            return -1;
        }
        return RingArith.unconsumedRequests(ring.size(), prod, ring.reqCons(), ring.rspProdPvt());
    }

    private int dataSlots(int i) {
        return (len[i] + PAGE - 1) >>> 12; // PAGE = 4096
    }

    private boolean gsoExtra(int i) {
        int t = gsoType[i];
        return t != 0 && ((t == GsoType.TCPV4.code() && gsoTcpv4) || (t == GsoType.TCPV6.code() && gsoTcpv6));
    }

    /** BK-13: data slots plus one per extra. */
    private int slotsNeeded(int i) {
        return dataSlots(i) + (gsoExtra(i) ? 1 : 0) + (hashed[i] ? 1 : 0);
    }

    private void deliver(int needed) {
        if (needed == 1) {
            deliverOneSlot();
            return;
        }
        int i = head;
        int data = dataSlots(i);
        boolean gso = gsoExtra(i);
        int extras = (gso ? 1 : 0) + (hashed[i] ? 1 : 0);
        int base = ring.reqCons();
        ByteBuf page = ring.page();
        for (int k = 0; k < needed; k++) {
            long word = SlotWords.readRxRequest(page, ring.geometry().slotOffset(base + k)); // RING-8: one load
            ids[k] = SlotWords.rxReqId(word);
            grefs[k] = SlotWords.rxReqGref(word);
        }
        ring.consumeRequests(needed);
        if (copies.size() > 0) {
            copies.clear();
        }
        for (int j = 0; j < data; j++) {
            int k = j == 0 ? 0 : j + extras;
            int chunk = Math.min(PAGE, len[i] - j * PAGE);
            Frame src = arena.frame(handle[i], j);
            int srcOffset = j == 0 ? RxArena.offset(handle[i]) : 0;
            status[k] = chunk;
            int entry = table == null ? -1 : table.find(grefs[k]);
            if (table != null) {
                if (entry >= 0) {
                    table.recordHit();
                    counters.stagingHits++;
                } else {
                    table.recordMiss();
                    counters.stagingMisses++;
                }
            }
            if (entry >= 0) {
                if (table.readonly(entry)) {
                    status[k] = NetifRsp.ERROR; // SG-6: never write a read-only mapping
                    counters.stagingReadonlyRefused++;
                } else {
                    src.buf().getBytes(srcOffset, table.view(entry), 0, chunk);
                    self.counters().recordMemcpy(chunk);
                }
            } else {
                int op = copies.addToGref(src, srcOffset, frontDomid, grefs[k], 0, chunk);
                opSlot[op] = k;
            }
        }
        if (copies.size() > 0 && self.grantCopy(copies) > 0) {
            for (int op = 0; op < copies.size(); op++) {
                if (copies.status(op) != GntStatus.OKAY) {
                    status[opSlot[op]] = NetifRsp.ERROR; // BK-14: a failed copy reports a negative status
                }
            }
        }
        int flags0 = csum[i] | (extras > 0 ? RxFlags.EXTRA_INFO : 0) | (data > 1 ? RxFlags.MORE_DATA : 0);
        for (int k = 0; k < needed; k++) {
            int at = ring.nextResponseOffset();
            if (k == 0) {
                SlotWords.writeRxResponse(page, at, ids[0], 0, flags0, status[0]);
            } else if (k <= extras) {
                boolean isGso = gso && k == 1;
                boolean more = k < extras;
                extra.wrap(page, at).flags(more ? NetifConstants.EXTRA_FLAG_MORE : 0);
                if (isGso) {
                    extra.type(ExtraType.GSO.code()).gsoSize(gsoSize[i]).gsoType(gsoType[i]).gsoPad(0).gsoFeatures(0);
                } else {
                    extra.type(ExtraType.HASH.code()).hashType(hashType[i])
                            .hashAlgorithm(HashAlgorithm.TOEPLITZ.code()).hashValue(hash[i]);
                }
            } else {
                int j = k - extras;
                SlotWords.writeRxResponse(page, at, ids[k], 0, j < data - 1 ? RxFlags.MORE_DATA : 0, status[k]);
            }
            if ((k == 0 || k > extras) && status[k] < 0) {
                counters.rxErrorSlots++;
            }
            ring.advanceResponses(1);
        }
        counters.rxPackets++;
        counters.rxBytes += len[i];
        popHead();
    }

    /**
     * The common case, kept small for the JIT: a packet of at most a page with no extra, one request consumed and
     * answered in its slot. Same outcomes as the general path (BK-14, SG-6).
     */
    private void deliverOneSlot() {
        int i = head;
        int length = len[i];
        ByteBuf page = ring.page();
        int at = ring.nextResponseOffset(); // == the slot of the request consumed (rsp_prod_pvt == req_cons)
        long word = SlotWords.readRxRequest(page, ring.geometry().slotOffset(ring.reqCons())); // RING-8: one load
        ring.consumeRequests(1);
        int id = SlotWords.rxReqId(word);
        int gref = SlotWords.rxReqGref(word);
        Frame src = arena.frame(handle[i], 0);
        int srcOffset = RxArena.offset(handle[i]);
        int st = length;
        int entry = -1;
        if (table != null) {
            entry = table.find(gref);
            if (entry >= 0) {
                table.recordHit();
                counters.stagingHits++;
            } else {
                table.recordMiss();
                counters.stagingMisses++;
            }
        }
        if (entry >= 0) {
            if (table.readonly(entry)) {
                st = NetifRsp.ERROR; // SG-6: never write a read-only mapping
                counters.stagingReadonlyRefused++;
            } else {
                src.buf().getBytes(srcOffset, table.view(entry), 0, length);
                self.counters().recordMemcpy(length);
            }
        } else {
            if (copies.size() > 0) {
                copies.clear();
            }
            copies.addToGref(src, srcOffset, frontDomid, gref, 0, length);
            if (self.grantCopy(copies) > 0) {
                st = NetifRsp.ERROR; // BK-14: a failed copy reports a negative status
            }
        }
        if (st < 0) {
            counters.rxErrorSlots++;
        }
        SlotWords.writeRxResponse(page, at, id, 0, csum[i], st);
        ring.advanceResponses(1);
        counters.rxPackets++;
        counters.rxBytes += length;
        popHead();
    }

    private void popHead() {
        queuedBytes -= len[head];
        arena.release(handle[head], len[head]);
        head = (head + 1) & descMask;
        count--;
    }

    private void dropExpired(long now) {
        while (count > 0 && now - expires[head] > 0) { // older than the drain timeout (strictly)
            counters.rxDroppedExpired++;
            popHead();
        }
    }

    /**
     * One timer per queue: the first instant the head packet is older than the drain timeout, or — while it waits
     * for slots — the first instant the stall timeout has passed since the last delivery.
     */
    private void armTimer(long now, boolean waiting) {
        long at = NONE;
        if (count > 0) {
            at = expires[head] + 1;
            if (waiting && !stalled && stallNanos != NONE) {
                at = Math.min(at, lastRxTime + stallNanos + 1);
            }
        }
        if (at == timerAt) {
            return;
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        timerAt = at;
        if (at != NONE) {
            timer = self.scheduler().schedule(self.domid(), Math.max(0, at - now), this::onTimer);
        }
    }

    private void onTimer() {
        timer = null;
        timerAt = NONE;
        queue.kickRx();
    }

    /** Doubles the descriptor ring (allocation only when the queue gets deeper than ever before). */
    private boolean growDescriptors() {
        int n = handle.length;
        if (n >= maxDescriptors) {
            return false;
        }
        int m = n << 1;
        handle = unwrap(handle, m);
        len = unwrap(len, m);
        gsoType = unwrap(gsoType, m);
        gsoSize = unwrap(gsoSize, m);
        hashType = unwrap(hashType, m);
        hash = unwrap(hash, m);
        byte[] c = new byte[m];
        boolean[] h = new boolean[m];
        long[] e = new long[m];
        for (int k = 0; k < count; k++) {
            int from = (head + k) & descMask;
            c[k] = csum[from];
            h[k] = hashed[from];
            e[k] = expires[from];
        }
        csum = c;
        hashed = h;
        expires = e;
        head = 0;
        descMask = m - 1;
        return true;
    }

    private int[] unwrap(int[] a, int m) {
        int[] b = new int[m];
        for (int k = 0; k < count; k++) {
            b[k] = a[(head + k) & descMask];
        }
        return b;
    }

    /** Drops everything queued and stops the timer (at disconnect). */
    void close() {
        if (timer != null) {
            timer.cancel();
        }
        count = 0;
        queuedBytes = 0;
        arena.close();
    }
}
