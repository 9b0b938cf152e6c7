package dev.netifkit.netback;

import dev.netifkit.ctrl.GrefMappingTable;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GntStatus;
import dev.netifkit.hv.grant.GrantCopyBatch;
import dev.netifkit.hv.grant.GrantMapBatch;
import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.ring.BackRing;
import dev.netifkit.proto.ring.RingArith;
import dev.netifkit.proto.ring.SlotWords;
import io.netty.buffer.ByteBuf;

/**
 * Guest transmit for one queue: parses packets from private copies of tx slots with the checks and outcomes of
 * SPEC.md §7 BK-1..BK-12, in Linux netback's order, moves their data by grant copy, grant map or staged memcpy,
 * hands them to the network port and answers every consumed slot exactly once (BK-11).
 *
 * <p>Allocation-free per packet: slot copies, extra-info fields and grant batches are preallocated.
 */
final class TxEngine {
    private static final int SLOT_COPY = 16;

    private final NetbackQueue queue;
    private final Domain self;
    private final int frontDomid;
    private final NetbackSettings settings;
    private final BackRing ring;
    private final GrefMappingTable table;
    private final QueueCounters counters;
    private final TxPacket packet = new TxPacket();
    private final NetworkPort port;
    private final CreditLimiter credit;

    private final ByteBuf slot = SlotWords.scratch(SLOT_COPY);
    private final ExtraInfoFlyweight extra = new ExtraInfoFlyweight();

    // The packet's request slots: index 0 is the first request, 1.. the followers (copies, never shared memory).
    private final int[] gref;
    private final int[] offset;
    private final int[] size;
    private final int[] flags;
    private final int[] id;
    private final int[] status;
    private final int[] partOffset;
    private final int[] partLength;
    private final int[] partKind;
    private final int[] partOp;
    private int firstTotal;
    private int extraCount;

    // Extras by type (1..4): present flag and the fields used.
    private final boolean[] extraPresent = new boolean[NetifConstants.EXTRA_TYPE_MAX];
    private long mcastAddAddr;
    private long mcastDelAddr;
    private int gsoSize;
    private int gsoType;
    private int hashType;
    private int hashValue;

    private final Frame linear;
    private final Frame[] fragFrames;
    private final GrantCopyBatch copies;
    private final GrantMapBatch maps;
    private final int[] unmapHandles;
    private final int[] unmapStatus;
    private final int[] copyOpSlot;
    private final int[] mapOpSlot;

    private static final int PART_NONE = 0;
    private static final int PART_LOCAL = 1;
    private static final int PART_MAPPED = 2;

    TxEngine(NetbackQueue queue, BackRing ring, NetworkPort port, CreditLimiter credit) {
        this.queue = queue;
        this.self = queue.self();
        this.frontDomid = queue.frontDomid();
        this.settings = queue.settings();
        this.ring = ring;
        this.table = queue.stagingTable();
        this.counters = queue.counters();
        this.port = port;
        this.credit = credit;
        int slots = settings.fatalSlots() + 1;
        gref = new int[slots];
        offset = new int[slots];
        size = new int[slots];
        flags = new int[slots];
        id = new int[slots];
        status = new int[slots];
        partOffset = new int[slots];
        partLength = new int[slots];
        partKind = new int[slots];
        partOp = new int[slots];
        linear = self.allocateFrame();
        fragFrames = new Frame[settings.legacySlotsMax() + 1];
        for (int i = 0; i < fragFrames.length; i++) {
            fragFrames[i] = self.allocateFrame();
        }
        copies = new GrantCopyBatch(2 * slots);
        maps = new GrantMapBatch(slots);
        unmapHandles = new int[slots];
        unmapStatus = new int[slots];
        copyOpSlot = new int[2 * slots];
        mapOpSlot = new int[slots];
    }

    /**
     * Handles packets until the ring is empty or the budget is spent.
     *
     * @return true if work remains (the caller re-queues the task)
     */
    boolean run() {
        int handled = 0;
        boolean more = false;
        int size = ring.size();
        outer:
        while (!queue.disabled()) {
            // One acquire read of req_prod per batch: the packets up to it are handled before looking again.
            int prod = ring.requestProducer();
            int cons = ring.reqCons();
            if (Integer.compareUnsigned(prod - cons, size) > 0) {
                queue.fatal("BK-1", "impossible number of tx requests: req_prod " + Integer.toUnsignedString(prod)
                        + ", req_cons " + Integer.toUnsignedString(cons) + ", ring size " + size);
                break;
            }
            int work = RingArith.unconsumedRequests(size, prod, cons, ring.rspProdPvt());
            if (work == 0) {
                queue.pushTxResponses();
                if (!ring.finalCheckForRequests()) {
                    break;
                }
                continue;
            }
            while (work > 0 && !queue.disabled()) {
                if (handled == settings.txBudget()) {
                    more = true;
                    break outer;
                }
                int before = ring.reqCons();
                if (!packet(work)) {
                    break outer; // out of credit: the limiter re-queues the task when credit returns
                }
                handled++;
                work -= ring.reqCons() - before;
            }
        }
        queue.pushTxResponses();
        return more;
    }

    /** Parses and handles one packet; false if rate-limited before consuming anything. */
    private boolean packet(int work) {
        int idx = ring.reqCons();
        copySlot(idx, 0);
        if (credit != null && !credit.take(size[0])) {
            counters.txCreditStalls++;
            return false;
        }
        ring.consumeRequests(1);
        work--;
        firstTotal = size[0];
        extraCount = 0;
        for (int t = 0; t < extraPresent.length; t++) {
            extraPresent[t] = false;
        }
        if ((flags[0] & TxFlags.EXTRA_INFO) != 0) {
            work = extras(work);
            if (work < 0) {
                return true;
            }
        }
        if (extraPresent[ExtraType.MCAST_ADD.code()]) {
            // BK-10: a control request; its own gref/offset/size/more_data are ignored. ADD wins over DEL.
            boolean ok = queue.mcast().add(mcastAddAddr);
            respondFirst(ok ? NetifRsp.OKAY : NetifRsp.ERROR);
            counters.txMcastRequests++;
            return true;
        }
        if (extraPresent[ExtraType.MCAST_DEL.code()]) {
            queue.mcast().remove(mcastDelAddr);
            respondFirst(NetifRsp.OKAY);
            counters.txMcastRequests++;
            return true;
        }
        int followers = followers(work);
        if (followers < 0) {
            return true;
        }
        int count = followers & ~DROPPED;
        ring.consumeRequests(count);
        if (count != followers) {
            dropPacket(count);
            return true;
        }
        // SPEC.md §7 checks BK-6 before BK-7 (Linux checks the size first: a profile difference).
        int firstOwn = size[0];
        if (offset[0] + firstOwn > NetifConstants.PAGE_SIZE) {
            queue.fatal("BK-6", "tx request id " + id[0] + ": first slot offset " + offset[0] + " + its own "
                    + firstOwn + " bytes cross the 4096-byte page");
            return true;
        }
        if (firstOwn < NetifConstants.ETH_HLEN) {
            dropPacket(count); // BK-7
            return true;
        }
        packet.reset(queue.index());
        if (extraPresent[ExtraType.GSO.code()]) {
            if (gsoSize == 0 || (gsoType != GsoType.TCPV4.code() && gsoType != GsoType.TCPV6.code())) {
                queue.fatal("BK-8", "tx request id " + id[0] + ": GSO extra with size " + gsoSize + " and type "
                        + GsoType.nameOf(gsoType) + " (size must be > 0, type TCPV4 or TCPV6)");
                return true;
            }
            packet.gso(gsoType, gsoSize);
        }
        if (extraPresent[ExtraType.HASH.code()] && HashType.fromBit(hashType) != null) {
            packet.hash(hashType, hashValue); // BK-8: an unknown hash type is ignored
        }
        packet.checksum((flags[0] & TxFlags.CSUM_BLANK) != 0, (flags[0] & TxFlags.DATA_VALIDATED) != 0);
        transmit(followers);
        return true;
    }

    private static final int DROPPED = 0x4000_0000;

    /**
     * Reads the extra-info chain (BK-2): returns the remaining published slots, or -1 after a fatal error.
     */
    private int extras(int work) {
        int more;
        do {
            if (work-- <= 0) {
                queue.fatal("BK-2", "tx request id " + id[0] + ": extra-info chain runs past req_prod "
                        + Integer.toUnsignedString(ring.requestProducer()));
                return -1;
            }
            int idx = ring.reqCons();
            ring.copyRequest(idx, slot, 0);
            ring.consumeRequests(1);
            extraCount++;
            extra.wrap(slot, 0);
            int type = extra.type();
            if (type == 0 || type >= NetifConstants.EXTRA_TYPE_MAX) {
                queue.fatal("BK-2", "tx request id " + id[0] + ": extra-info slot " + Integer.toUnsignedString(idx)
                        + " has invalid type " + type);
                return -1;
            }
            // A later extra of the same type replaces the earlier one.
            extraPresent[type] = true;
            switch (type) {
                case 1:
                    gsoSize = extra.gsoSize();
                    gsoType = extra.gsoType();
                    break;
                case 2:
                    mcastAddAddr = extra.mcastAddr();
                    break;
                case 3:
                    mcastDelAddr = extra.mcastAddr();
                    break;
                default:
                    hashType = extra.hashType();
                    hashValue = extra.hashValue();
                    break;
            }
            more = extra.flags() & NetifConstants.EXTRA_FLAG_MORE;
        } while (more != 0);
        return work;
    }

    /**
     * Reads the followers (BK-3..BK-6, Linux's xenvif_count_requests): returns their count, with {@link #DROPPED}
     * set when the packet must be dropped, or -1 after a fatal error. Leaves size[0] = the first slot's own bytes.
     */
    private int followers(int work) {
        if ((flags[0] & TxFlags.MORE_DATA) == 0) {
            return 0;
        }
        int n = 0;
        boolean drop = false;
        int remaining = size[0];
        int more;
        do {
            if (n >= work) {
                queue.fatal("BK-3", "tx request id " + id[0] + ": packet incomplete, slot "
                        + Integer.toUnsignedString(ring.reqCons() + n - 1) + " has more_data but req_prod is "
                        + Integer.toUnsignedString(ring.requestProducer()));
                return -1;
            }
            if (n >= settings.fatalSlots()) {
                queue.fatal("BK-4", "tx request id " + id[0] + ": packet uses more than " + settings.fatalSlots()
                        + " follower slots");
                return -1;
            }
            if (!drop && n >= settings.legacySlotsMax()) {
                drop = true; // BK-4: 19..20 followers
            }
            copySlot(ring.reqCons() + n, n + 1);
            int s = size[n + 1];
            if (!drop && s > remaining) {
                drop = true; // BK-5
            }
            remaining = (remaining - s) & 0xFFFF;
            n++;
            if (offset[n] + s > NetifConstants.PAGE_SIZE) {
                queue.fatal("BK-6", "tx request id " + id[n] + " (follower " + n + " of id " + id[0] + "): offset "
                        + offset[n] + " + size " + s + " crosses the 4096-byte page");
                return -1;
            }
            more = flags[n] & TxFlags.MORE_DATA;
        } while (more != 0);
        size[0] = remaining;
        return drop ? n | DROPPED : n;
    }

    /** Copies slot {@code idx} out of the ring once (RING-8: two loads) and decodes it into position {@code at}. */
    private void copySlot(int idx, int at) {
        ByteBuf page = ring.page();
        int off = ring.geometry().slotOffset(idx);
        long head = SlotWords.readTxRequestHead(page, off);
        int tail = SlotWords.readTxRequestTail(page, off);
        gref[at] = SlotWords.txGref(head);
        offset[at] = SlotWords.txOffset(head);
        flags[at] = SlotWords.txFlags(head);
        id[at] = SlotWords.txId(tail);
        size[at] = SlotWords.txSize(tail);
    }

    /** Moves the packet's data, delivers it if every grant operation worked, and answers every slot (BK-11/12). */
    private void transmit(int followers) {
        int slots = followers + 1;
        copies.clear();
        maps.clear();
        for (int i = 0; i < slots; i++) {
            status[i] = NetifRsp.OKAY;
            partKind[i] = PART_NONE;
            partOffset[i] = offset[i];
            partLength[i] = size[i];
        }
        DatapathMode mode = settings.mode();
        boolean copyAll = mode == DatapathMode.COPY && settings.txCopyAll();
        int headLen;
        if (mode == DatapathMode.MAP) {
            headLen = 0;
        } else if (copyAll) {
            headLen = firstTotal;
        } else {
            headLen = Math.min(settings.txCopyLength(), firstTotal);
            if (followers >= settings.legacySlotsMax() - 1 && headLen < size[0]) {
                headLen = size[0]; // BK-12: with >= 17 followers the whole first slot is copied
            }
        }
        headLen = Math.min(headLen, NetifConstants.PAGE_SIZE);

        // Phase 1: the head, copied into the linear frame across as many slots as needed.
        int linearLen = 0;
        int i = 0;
        while (linearLen < headLen && i < slots) {
            if (partLength[i] == 0) {
                i++;
                continue;
            }
            int amount = Math.min(headLen - linearLen, partLength[i]);
            int entry = lookup(gref[i]);
            if (entry >= 0) {
                table.view(entry).getBytes(partOffset[i], linear.buf(), linearLen, amount);
                self.counters().recordMemcpy(amount);
            } else {
                int op = copies.addFromGref(frontDomid, gref[i], partOffset[i], linear, linearLen, amount);
                copyOpSlot[op] = i;
            }
            linearLen += amount;
            partOffset[i] += amount;
            partLength[i] -= amount;
            if (partLength[i] == 0) {
                i++;
            }
        }
        // Phase 2: what is left of each slot, copied (staged or copy-all) or mapped.
        int frag = 0;
        for (int k = i; k < slots; k++) {
            if (partLength[k] == 0) {
                continue;
            }
            int entry = lookup(gref[k]);
            if (entry >= 0) {
                table.view(entry).getBytes(partOffset[k], fragFrames[frag].buf(), 0, partLength[k]);
                self.counters().recordMemcpy(partLength[k]);
                partKind[k] = PART_LOCAL;
                partOp[k] = frag++;
            } else if (copyAll) {
                int op = copies.addFromGref(frontDomid, gref[k], partOffset[k], fragFrames[frag], 0, partLength[k]);
                copyOpSlot[op] = k;
                partKind[k] = PART_LOCAL;
                partOp[k] = frag++;
            } else {
                int op = maps.add(frontDomid, gref[k], true);
                mapOpSlot[op] = k;
                partKind[k] = PART_MAPPED;
                partOp[k] = op;
            }
        }
        boolean failed = false;
        if (copies.size() > 0 && self.grantCopy(copies) > 0) {
            for (int op = 0; op < copies.size(); op++) {
                if (copies.status(op) != GntStatus.OKAY) {
                    status[copyOpSlot[op]] = NetifRsp.ERROR;
                    failed = true;
                }
            }
        }
        int mapped = 0;
        if (maps.size() > 0) {
            self.mapGrants(maps);
            for (int op = 0; op < maps.size(); op++) {
                if (maps.status(op) < 0) {
                    status[mapOpSlot[op]] = NetifRsp.ERROR;
                    failed = true;
                } else {
                    unmapHandles[mapped++] = maps.handle(op);
                }
            }
        }
        if (failed) {
            counters.txGrantFailures++;
            counters.txDropped++;
        } else {
            packet.addSegment(linear.buf(), 0, linearLen);
            for (int k = 0; k < slots; k++) {
                if (partKind[k] == PART_LOCAL) {
                    packet.addSegment(fragFrames[partOp[k]].buf(), 0, partLength[k]);
                } else if (partKind[k] == PART_MAPPED) {
                    packet.addSegment(self.mappedView(maps.handle(partOp[k])), partOffset[k], partLength[k]);
                }
            }
            counters.txPackets++;
            counters.txBytes += packet.length();
            queue.deliverTx(port, packet);
        }
        if (mapped > 0) {
            self.unmapGrants(unmapHandles, mapped, unmapStatus); // mapped slots are answered when unmapped
        }
        for (int k = 0; k < slots; k++) {
            if (k == 0) {
                respondFirst(status[0]);
            } else {
                respond(id[k], status[k]);
            }
            if (status[k] != NetifRsp.OKAY) {
                counters.txErrorResponses++;
            }
        }
    }

    /** Staging lookup (SG-6): the table entry of a gref, or -1 (counted as a miss in staging mode). */
    private int lookup(int g) {
        if (table == null) {
            return -1;
        }
        int entry = table.find(g);
        if (entry >= 0) {
            table.recordHit();
            counters.stagingHits++;
        } else {
            table.recordMiss();
            counters.stagingMisses++;
        }
        return entry;
    }

    /** Drop (BK-4, BK-5, BK-7): every consumed slot gets ERROR, extras NULL; nothing is delivered. */
    private void dropPacket(int followers) {
        respondFirst(NetifRsp.ERROR);
        counters.txErrorResponses++;
        for (int k = 1; k <= followers; k++) {
            respond(id[k], NetifRsp.ERROR);
            counters.txErrorResponses++;
        }
        counters.txDropped++;
    }

    /** The first request's response, then NETIF_RSP_NULL for each of its extra-info slots (TX-3). */
    private void respondFirst(int st) {
        respond(id[0], st);
        for (int e = 0; e < extraCount; e++) {
            // Like netback, only the status of an extra's response is written: its id carries no meaning.
            SlotWords.writeTxResponseStatus(ring.page(), ring.nextResponseOffset(), NetifRsp.NULL);
            ring.advanceResponses(1);
        }
    }

    private void respond(int requestId, int st) {
        SlotWords.writeTxResponse(ring.page(), ring.nextResponseOffset(), requestId, st);
        ring.advanceResponses(1);
    }

    /** Frees the engine's frames and buffers (at disconnect). */
    void close() {
        slot.release();
        self.freeFrame(linear);
        for (Frame f : fragFrames) {
            self.freeFrame(f);
        }
    }
}
