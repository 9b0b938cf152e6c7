package dev.netifkit.ctrl;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.grant.GrantMapBatch;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.ctrl.GrefLayout;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The staging-grants messages (SG-2..SG-4, BK-21): GET_GREF_MAPPING_SIZE, ADD_GREF_MAPPING (all or nothing, one
 * map hypercall for the list) and DEL_GREF_MAPPING (per-entry status written back, one unmap batch). Lists are
 * read once into the backend's private frame and parsed from there; every bound is checked before anything is
 * read or mapped.
 */
final class GrefRequests {
    private static final int MAX = NetifConstants.GREF_LIST_MAX_ENTRIES;

    private final Domain self;
    private final int frontDomid;
    private final GrefMappingTable[] tables;
    private final InFlightProbe probe;
    private final GuestPageIo io;
    private final CtrlCounters counters;
    private final int[] refs = new int[MAX];
    private final boolean[] ro = new boolean[MAX];
    private final int[] sorted = new int[MAX];
    private final int[] handles = new int[MAX];
    private final int[] unmapStatus = new int[MAX];
    private final GrantMapBatch mapBatch = new GrantMapBatch(MAX);

    GrefRequests(Domain self, int frontDomid, GrefMappingTable[] tables, InFlightProbe probe, GuestPageIo io,
                 CtrlCounters counters) {
        this.self = self;
        this.frontDomid = frontDomid;
        this.tables = tables;
        this.probe = probe;
        this.io = io;
        this.counters = counters;
    }

    private GrefMappingTable table(int queue) {
        return Integer.compareUnsigned(queue, tables.length) < 0 ? tables[queue] : null;
    }

    /** GET_GREF_MAPPING_SIZE(data0 queue): the table's total capacity (SG-2). */
    void getSize(int queue, Reply out) {
        GrefMappingTable t = table(queue);
        if (t == null) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        out.success(t.capacity());
    }

    /** ADD_GREF_MAPPING(data0 queue, data1 list gref, data2 count): all or nothing (SG-3, BK-21). */
    void add(int queue, int listGref, int count, Reply out) {
        GrefMappingTable t = table(queue);
        // Bounds first, before reading anything: count ≤ 512 also keeps size + count from overflowing.
        if (t == null || Integer.compareUnsigned(count, MAX) > 0 || t.size() + count > t.capacity()) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        if (count == 0) {
            // Nothing to add, but a bad list gref is still a bad list gref (SG-3): a zero-length read checks it.
            out.status(io.read(listGref, 0) ? Reply.SUCCESS : Reply.INVALID_PARAMETER);
            return;
        }
        if (!io.read(listGref, count * GrefLayout.LENGTH)) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        ByteBuf list = io.buf();
        for (int i = 0; i < count; i++) {
            int at = i * GrefLayout.LENGTH;
            refs[i] = list.getIntLE(at + GrefLayout.REF_OFFSET);
            ro[i] = (list.getUnsignedShortLE(at + GrefLayout.FLAGS_OFFSET) & NetifConstants.CTRLF_GREF_READONLY) != 0;
            if (t.contains(refs[i])) {
                out.status(Reply.INVALID_PARAMETER); // BK-21: already mapped, the whole message is refused
                return;
            }
        }
        if (hasDuplicate(count)) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        mapBatch.clear();
        for (int i = 0; i < count; i++) {
            mapBatch.add(frontDomid, refs[i], ro[i]);
        }
        if (self.mapGrants(mapBatch) != 0) {
            // All or nothing (SG-3): undo the maps that worked, in one unmap batch.
            int n = 0;
            for (int i = 0; i < count; i++) {
                int h = mapBatch.handle(i);
                if (h >= 0) {
                    handles[n++] = h;
                }
            }
            if (n > 0) {
                counters.unmapFailures(self.unmapGrants(handles, n, unmapStatus));
            }
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        for (int i = 0; i < count; i++) {
            int h = mapBatch.handle(i);
            t.add(refs[i], h, self.mappedView(h), ro[i]);
        }
        counters.grefsMapped(count);
        out.status(Reply.SUCCESS);
    }

    private boolean hasDuplicate(int count) {
        System.arraycopy(refs, 0, sorted, 0, count);
        Arrays.sort(sorted, 0, count);
        for (int i = 1; i < count; i++) {
            if (sorted[i] == sorted[i - 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * DEL_GREF_MAPPING(data0 queue, data1 list gref, data2 count): each entry removed unless absent or in flight;
     * statuses written back; data = number removed (SG-4).
     */
    void del(int queue, int listGref, int count, Reply out) {
        GrefMappingTable t = table(queue);
        if (t == null || Integer.compareUnsigned(count, MAX) > 0) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        if (count == 0) {
            if (io.read(listGref, 0)) {
                out.success(0); // SG-4: the list could be read (it is empty)
            } else {
                out.status(Reply.INVALID_PARAMETER);
            }
            return;
        }
        int bytes = count * GrefLayout.LENGTH;
        if (!io.read(listGref, bytes)) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        ByteBuf list = io.buf();
        int removed = 0;
        for (int i = 0; i < count; i++) {
            int at = i * GrefLayout.LENGTH;
            int gref = list.getIntLE(at + GrefLayout.REF_OFFSET);
            int e = t.find(gref);
            boolean remove = e >= 0 && t.inFlight(e) == 0 && !probe.posted(queue, gref);
            if (remove) {
                handles[removed++] = t.remove(e);
            }
            list.setShortLE(at + GrefLayout.STATUS_OFFSET, remove ? Reply.SUCCESS : Reply.INVALID_PARAMETER);
        }
        if (removed > 0) {
            counters.unmapFailures(self.unmapGrants(handles, removed, unmapStatus));
            counters.grefsUnmapped(removed);
        }
        if (!io.write(listGref, bytes)) {
            counters.statusWriteFailure(); // e.g. a read-only list page: the removals still stand (SG-4)
        }
        out.success(removed);
    }
}
