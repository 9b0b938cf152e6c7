package dev.netifkit.hv.grant;

import dev.netifkit.hv.Frame;
import dev.netifkit.hv.MappingInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_PERMIT_ACCESS;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_READING;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_READONLY;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_TYPE_MASK;
import static dev.netifkit.hv.grant.GrantEntryV1Layout.GTF_WRITING;

/**
 * The hypervisor's grant machinery for one domain: its {@link GrantTable} with the hypervisor-private active
 * entries (pin counts, like Xen's active grant table, under a per-table lock), and its handle table for the
 * mappings it holds of other domains' grants. {@link dev.netifkit.hv.Domain} owns one and exposes the hypercalls;
 * the counting is done there. Every input that may come from a peer (domids, grefs, offsets, lengths, handles)
 * becomes a {@link GntStatus}, never an exception.
 *
 * <p>An engine reaches other domains only through the resolver it was built with, so an engine built outside
 * the hypervisor reaches nothing it was not given.
 */
public final class GrantEngine {
    /** Default limit of simultaneous mappings one domain may hold. */
    public static final int DEFAULT_MAX_MAPPINGS = 65536;
    private static final int PAGE = GrantEntryV1Layout.FRAME_SIZE;
    private static final int IN_USE = GTF_READING | GTF_WRITING;

    private final int domid;
    private final GrantTable table;
    private final IntFunction<Frame> liveFrames;
    private final IntFunction<GrantEngine> peers;
    private final MapTrack maps;

    // active grant table (this domain as granter), guarded by activeLock; grown with the table
    private final Object activeLock = new Object();
    private int[] pins = new int[0];
    private int[] writePins = new int[0];
    private int[] activeDomid = new int[0];
    private Frame[] activeFrame = new Frame[0];

    /**
     * @param domid          the domain
     * @param maxGrantFrames maximum grant table frames (1..1024)
     * @param maxMappings    maximum simultaneous mappings this domain may hold (1..2^20)
     * @param liveFrames     this domain's live frame by number, or null (any int)
     * @param peers          the engine of a live domain by domid, or null (any int)
     */
    public GrantEngine(int domid, int maxGrantFrames, int maxMappings, IntFunction<Frame> liveFrames,
                       IntFunction<GrantEngine> peers) {
        if (liveFrames == null || peers == null) {
            throw new IllegalArgumentException("liveFrames and peers must not be null");
        }
        this.domid = domid;
        this.liveFrames = liveFrames;
        this.peers = peers;
        this.table = new GrantTable(domid, maxGrantFrames, liveFrames);
        this.maps = new MapTrack(maxMappings);
    }

    /** The domain. */
    public int domid() {
        return domid;
    }

    /** The guest side of this domain's grant table. */
    public GrantTable table() {
        return table;
    }

    // ---------------------------------------------------------------- copy

    /**
     * Executes every op of {@code batch} (GNTTABOP_copy) and sets its status.
     *
     * @return the number of failed ops
     */
    public int copy(GrantCopyBatch batch) {
        int failures = 0;
        for (int i = 0, n = batch.size(); i < n; i++) {
            int st = copyOne(batch, i);
            batch.status(i, st);
            if (st != GntStatus.OKAY) {
                failures++;
            }
        }
        return failures;
    }

    private int copyOne(GrantCopyBatch b, int i) {
        int kind = b.kind(i);
        boolean srcGref = (kind & GrantCopyBatch.SRC_GREF) != 0;
        boolean dstGref = (kind & GrantCopyBatch.DST_GREF) != 0;
        int srcRef = b.srcRef(i);
        int dstRef = b.dstRef(i);
        GrantEngine src = null;
        GrantEngine dst = null;
        if (srcGref && (src = peers.apply(b.srcDomid(i))) == null) {
            return GntStatus.BAD_DOMAIN;
        }
        if (dstGref && (dst = peers.apply(b.dstDomid(i))) == null) {
            return GntStatus.BAD_DOMAIN;
        }
        if (srcGref && !src.validRef(srcRef) || dstGref && !dst.validRef(dstRef)) {
            return GntStatus.BAD_GNTREF;
        }
        if (srcGref) {
            int st = src.pin(srcRef, domid, false);
            if (st != GntStatus.OKAY) {
                return st;
            }
        }
        if (dstGref) {
            int st = dst.pin(dstRef, domid, true);
            if (st != GntStatus.OKAY) {
                if (srcGref) {
                    src.unpin(srcRef, false);
                }
                return st;
            }
        }
        try {
            int len = b.len(i);
            int srcOff = b.srcOffset(i);
            int dstOff = b.dstOffset(i);
            // GNT-3: no op crosses a 4 KiB frame on either side (overflow-safe form of off + len > 4096)
            if (len < 0 || len > PAGE || srcOff < 0 || srcOff > PAGE - len || dstOff < 0 || dstOff > PAGE - len) {
                return GntStatus.BAD_COPY_ARG;
            }
            Frame from = srcGref ? src.activeFrame(srcRef) : ownLiveFrame(b.srcFrame(i));
            Frame to = dstGref ? dst.activeFrame(dstRef) : ownLiveFrame(b.dstFrame(i));
            if (from == null || to == null) {
                return GntStatus.BAD_PAGE;
            }
            to.nio().put(dstOff, from.nio(), srcOff, len);
            return GntStatus.OKAY;
        } finally {
            // unpinning publishes the copied bytes before GTF_reading/GTF_writing clear (a CAS: full fence)
            if (dstGref) {
                dst.unpin(dstRef, true);
            }
            if (srcGref) {
                src.unpin(srcRef, false);
            }
        }
    }

    private Frame ownLiveFrame(Frame f) {
        return f.owner().domid() == domid && liveFrames.apply(f.number()) == f ? f : null;
    }

    // ---------------------------------------------------------------- map / unmap

    /**
     * Maps {@code gref} of {@code granterDomid} (GNTTABOP_map_grant_ref).
     *
     * @return a handle ≥ 0, or a negative {@link GntStatus}
     */
    public int map(int granterDomid, int gref, boolean readonly) {
        GrantEngine g = peers.apply(granterDomid);
        if (g == null) {
            return GntStatus.BAD_DOMAIN;
        }
        if (!maps.hasRoom()) {
            return GntStatus.NO_DEVICE_SPACE;
        }
        if (!g.validRef(gref)) {
            return GntStatus.BAD_GNTREF;
        }
        int st = g.pin(gref, domid, !readonly);
        if (st != GntStatus.OKAY) {
            return st;
        }
        Frame f = g.activeFrame(gref);
        if (f == null) {
            g.unpin(gref, !readonly);
            return GntStatus.BAD_PAGE;
        }
        // each mapping gets its own view object, released on unmap: use after unmap throws
        ByteBuf view = readonly
                ? Unpooled.wrappedBuffer(f.nio().asReadOnlyBuffer())
                : Unpooled.wrappedBuffer(f.nio().duplicate());
        int handle = maps.add(g, gref, readonly, view);
        if (handle < 0) {
            view.release();
            g.unpin(gref, !readonly);
            return GntStatus.NO_DEVICE_SPACE;
        }
        return handle;
    }

    /**
     * Maps every op of {@code batch} and records handle-or-status per op.
     *
     * @return the number of failed ops
     */
    public int map(GrantMapBatch batch) {
        int failures = 0;
        for (int i = 0, n = batch.size(); i < n; i++) {
            int r = map(batch.granter(i), batch.ref(i), batch.readonly(i));
            batch.result(i, r);
            if (r < 0) {
                failures++;
            }
        }
        return failures;
    }

    /** The view of mapping {@code handle}. IAE for a handle this domain does not hold (own misuse). */
    public ByteBuf mappedView(int handle) {
        int index = maps.find(handle);
        if (index < 0) {
            throw new IllegalArgumentException("handle " + handle + " is not an active mapping of d" + domid);
        }
        return maps.view(index);
    }

    /** Unmaps {@code handle}: {@link GntStatus#OKAY} or {@link GntStatus#BAD_HANDLE}. */
    public int unmap(int handle) {
        ByteBuf view;
        GrantEngine g;
        int ref;
        boolean ro;
        synchronized (maps) {
            int index = maps.find(handle);
            if (index < 0) {
                return GntStatus.BAD_HANDLE;
            }
            g = maps.granter(index);
            ref = maps.ref(index);
            ro = maps.readonly(index);
            view = maps.remove(index);
        }
        int rc = view.refCnt();
        if (rc > 0) {
            view.release(rc);
        }
        g.unpin(ref, !ro);
        return GntStatus.OKAY;
    }

    /**
     * Unmaps {@code handles[0..count)}, writing each status to {@code statusOut} when it is not null.
     *
     * @return the number of failed unmaps
     */
    public int unmap(int[] handles, int count, int[] statusOut) {
        if (handles == null || count < 0 || count > handles.length) {
            throw new IllegalArgumentException("count " + count + " outside 0.."
                    + (handles == null ? "(null handles)" : handles.length));
        }
        if (statusOut != null && statusOut.length < count) {
            throw new IllegalArgumentException("statusOut length " + statusOut.length + " < count " + count);
        }
        int failures = 0;
        for (int i = 0; i < count; i++) {
            int st = unmap(handles[i]);
            if (statusOut != null) {
                statusOut[i] = st;
            }
            if (st != GntStatus.OKAY) {
                failures++;
            }
        }
        return failures;
    }

    /** Number of mappings this domain holds. */
    public int activeMappingCount() {
        return maps.active();
    }

    /** The mappings this domain holds, in handle-slot order. */
    public List<MappingInfo> activeMappings() {
        return maps.infos();
    }

    /** Unmaps every mapping this domain holds (domain destruction); returns how many. */
    public int unmapAll() {
        int[] handles = maps.activeHandles();
        for (int h : handles) {
            unmap(h);
        }
        return handles.length;
    }

    // ---------------------------------------------------------------- active entries (this domain as granter)

    private boolean validRef(int ref) {
        return ref >= 0 && ref < table.size();
    }

    /**
     * Takes a pin on {@code ref} for {@code grantee} (GNT-2): sets GTF_reading (and GTF_writing for a write) in
     * the shared entry by compare-and-set; the first pin checks the entry and caches its frame (null when the
     * frame number names no live frame: BAD_PAGE, reported by the caller after its own argument checks).
     */
    private int pin(int ref, int grantee, boolean write) {
        ByteBuffer page = table.page(ref);
        int off = GrantEntryV1Layout.offsetInFrame(ref);
        synchronized (activeLock) {
            if (ref >= pins.length) {
                growActive(table.size());
            }
            boolean first = pins[ref] == 0;
            while (true) {
                int word = GrantEntryV1Layout.wordVolatile(page, off);
                int flags = GrantEntryV1Layout.wordFlags(word);
                if (first) {
                    if ((flags & GTF_TYPE_MASK) != GTF_PERMIT_ACCESS) {
                        return GntStatus.GENERAL_ERROR;
                    }
                    if (GrantEntryV1Layout.wordDomid(word) != grantee) {
                        return GntStatus.PERMISSION_DENIED;
                    }
                } else if (activeDomid[ref] != grantee) {
                    return GntStatus.PERMISSION_DENIED;
                }
                if (write && (flags & GTF_READONLY) != 0) {
                    return GntStatus.PERMISSION_DENIED;
                }
                int update = word | GTF_READING | (write ? GTF_WRITING : 0);
                if (update == word || GrantEntryV1Layout.casWord(page, off, word, update)) {
                    break;
                }
                // the guest changed the entry (ended access) between our read and CAS: look again
            }
            if (first) {
                // read the frame only once pinned: the guest cannot end access and re-grant underneath us now
                activeFrame[ref] = liveFrames.apply(GrantEntryV1Layout.frame(page, off));
                activeDomid[ref] = grantee;
            }
            pins[ref]++;
            if (write) {
                writePins[ref]++;
            }
            return GntStatus.OKAY;
        }
    }

    private void unpin(int ref, boolean write) {
        ByteBuffer page = table.page(ref);
        int off = GrantEntryV1Layout.offsetInFrame(ref);
        synchronized (activeLock) {
            int p = --pins[ref];
            int w = write ? --writePins[ref] : writePins[ref];
            int clear = p == 0 ? IN_USE : w == 0 ? GTF_WRITING : 0;
            if (p == 0) {
                activeFrame[ref] = null;
            }
            if (clear != 0) {
                int word;
                do {
                    word = GrantEntryV1Layout.wordVolatile(page, off);
                } while ((word & clear) != 0 && !GrantEntryV1Layout.casWord(page, off, word, word & ~clear));
            }
        }
    }

    private Frame activeFrame(int ref) {
        synchronized (activeLock) {
            return activeFrame[ref];
        }
    }

    private void growActive(int n) {
        pins = Arrays.copyOf(pins, n);
        writePins = Arrays.copyOf(writePins, n);
        activeDomid = Arrays.copyOf(activeDomid, n);
        activeFrame = Arrays.copyOf(activeFrame, n);
    }

    @Override
    public String toString() {
        return "GrantEngine{d" + domid + ", " + table + ", mappings=" + maps.active() + "}";
    }
}
