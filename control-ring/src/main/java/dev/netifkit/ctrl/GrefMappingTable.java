package dev.netifkit.ctrl;

import dev.netifkit.hv.Domain;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * One queue's persistent gref mapping table of staging grants (SG-3..SG-6, BK-21): the grefs a frontend added
 * with ADD_GREF_MAPPING, each with the handle and view of its persistent grant mapping.
 *
 * <p>The datapath looks a request's gref up with {@link #find(int)} in O(1), without allocation or boxing: open
 * addressing with linear probing over one interleaved {@code int[]} of (gref, entry + 1) pairs, load factor at most
 * 1/2, Fibonacci hashing of the gref. Any u32 gref is a legal key, including 0 and values above 2^31. Deletion
 * shifts the following probe run back, so lookups never meet tombstones. Entries are numbered 0..capacity−1 and
 * stay put while mapped, so the datapath may keep an entry index for the life of a request.
 *
 * <p>A gref is <em>in flight</em> while a request the datapath consumed names it and is not answered: the datapath
 * brackets such use with {@link #markInFlight(int)} / {@link #clearInFlight(int)}; DEL_GREF_MAPPING then refuses to
 * remove it (SG-4). Adding and removing are package-private: only {@link CtrlBackend} does it. Not thread-safe:
 * used on the backend domain's context only.
 */
public final class GrefMappingTable {
    /** Largest capacity accepted. */
    public static final int MAX_CAPACITY = 1 << 16;
    /** Default capacity (BK-21): a full tx ring plus a full rx ring. */
    public static final int DEFAULT_CAPACITY = 512;

    private static final int GOLDEN = 0x9E3779B9;

    private final int queue;
    private final int capacity;
    private final int shift;
    private final int pairMask;
    /** [2s] = gref, [2s + 1] = entry + 1, 0 when slot s is empty. */
    private final int[] slots;
    private final int[] grefs;
    private final int[] handles;
    private final int[] inFlight;
    private final boolean[] readonly;
    private final boolean[] live;
    private final ByteBuf[] views;
    private final int[] freeEntries;
    private final int[] unmapHandles;
    private final int[] unmapStatus;
    private int freeTop;
    private int size;
    private long hits;
    private long misses;

    /**
     * An empty table.
     *
     * @param queue the queue it belongs to (≥ 0)
     * @param capacity grefs it can hold, 0..{@value #MAX_CAPACITY} (the answer to GET_GREF_MAPPING_SIZE, SG-2)
     * @throws IllegalArgumentException if an argument is out of range
     */
    public GrefMappingTable(int queue, int capacity) {
        if (queue < 0) {
            throw new IllegalArgumentException("queue " + queue + " is negative");
        }
        if (capacity < 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity " + capacity + " outside 0.." + MAX_CAPACITY);
        }
        this.queue = queue;
        this.capacity = capacity;
        int slotCount = Math.max(2, Integer.highestOneBit(Math.max(1, capacity)) << 2);
        this.shift = Integer.numberOfLeadingZeros(slotCount) + 1;
        this.pairMask = 2 * slotCount - 1;
        this.slots = new int[2 * slotCount];
        this.grefs = new int[capacity];
        this.handles = new int[capacity];
        this.inFlight = new int[capacity];
        this.readonly = new boolean[capacity];
        this.live = new boolean[capacity];
        this.views = new ByteBuf[capacity];
        this.freeEntries = new int[capacity];
        this.unmapHandles = new int[capacity];
        this.unmapStatus = new int[capacity];
        resetFreeList();
    }

    private void resetFreeList() {
        // Lowest entry numbers first, so a fresh table fills 0, 1, 2, ...
        for (int i = 0; i < capacity; i++) {
            freeEntries[i] = capacity - 1 - i;
        }
        freeTop = capacity;
    }

    /** @return the queue this table belongs to */
    public int queue() {
        return queue;
    }

    /** @return grefs the table can hold in all */
    public int capacity() {
        return capacity;
    }

    /** @return grefs mapped now */
    public int size() {
        return size;
    }

    private int home(int gref) {
        return ((gref * GOLDEN) >>> shift) << 1;
    }

    /**
     * Looks a gref up: the datapath's question "is this request's gref staged?" (SG-6). O(1), no allocation.
     *
     * @param gref any u32 gref
     * @return the entry index (0..capacity−1), or −1 if the gref is not in the table
     */
    public int find(int gref) {
        final int[] s = slots;
        int i = home(gref);
        for (;;) {
            int e = s[i + 1];
            if (e == 0) {
                return -1;
            }
            if (s[i] == gref) {
                return e - 1;
            }
            i = (i + 2) & pairMask;
        }
    }

    /**
     * Whether a gref is in the table.
     *
     * @param gref any u32 gref
     * @return true if mapped here
     */
    public boolean contains(int gref) {
        return find(gref) >= 0;
    }

    private int checkLive(int entry) {
        if (entry < 0 || entry >= capacity || !live[entry]) {
            throw new IllegalArgumentException("gref table entry " + entry + " of queue " + queue
                    + " is not mapped (capacity " + capacity + ")");
        }
        return entry;
    }

    /**
     * The persistent mapping's view of the frontend's page (4096 bytes; read-only for a read-only entry).
     *
     * @param entry an index returned by {@link #find(int)}
     * @return the view, valid until the entry is removed
     * @throws IllegalArgumentException if the entry is not mapped
     */
    public ByteBuf view(int entry) {
        return views[checkLive(entry)];
    }

    /**
     * Whether an entry was added read-only (XEN_NETIF_CTRLF_GREF_readonly): the datapath must never write it
     * (SG-6: an RX request naming it gets a negative status).
     *
     * @param entry a mapped entry
     * @return true if read-only
     */
    public boolean readonly(int entry) {
        return readonly[checkLive(entry)];
    }

    /**
     * The gref of an entry.
     *
     * @param entry a mapped entry
     * @return the gref
     */
    public int gref(int entry) {
        return grefs[checkLive(entry)];
    }

    /**
     * The grant handle of an entry's mapping.
     *
     * @param entry a mapped entry
     * @return the handle
     */
    public int handle(int entry) {
        return handles[checkLive(entry)];
    }

    /**
     * Marks an entry in use by a consumed, unanswered request (SG-4). Counts: one mark per request.
     *
     * @param entry a mapped entry
     */
    public void markInFlight(int entry) {
        inFlight[checkLive(entry)]++;
    }

    /**
     * Ends one {@link #markInFlight(int)} when the request is answered.
     *
     * @param entry a mapped entry
     * @throws IllegalStateException if the entry is not in flight
     */
    public void clearInFlight(int entry) {
        if (inFlight[checkLive(entry)] == 0) {
            throw new IllegalStateException("gref table entry " + entry + " of queue " + queue + " (gref "
                    + Integer.toUnsignedString(grefs[entry]) + ") is not in flight");
        }
        inFlight[entry]--;
    }

    /**
     * Requests in flight on an entry.
     *
     * @param entry a mapped entry
     * @return marks not yet cleared
     */
    public int inFlight(int entry) {
        return inFlight[checkLive(entry)];
    }

    /** Counts a datapath lookup that found its gref (for reports). */
    public void recordHit() {
        hits++;
    }

    /** Counts a datapath lookup that did not find its gref and took the normal grant path. */
    public void recordMiss() {
        misses++;
    }

    /** @return lookups the datapath recorded as hits */
    public long hits() {
        return hits;
    }

    /** @return lookups the datapath recorded as misses */
    public long misses() {
        return misses;
    }

    /**
     * Adds a mapped gref. The caller ({@link CtrlBackend}) has checked room and uniqueness.
     *
     * @return the entry index
     * @throws IllegalStateException if the table is full or the gref is present (a handler bug)
     */
    int add(int gref, int handle, ByteBuf view, boolean ro) {
        if (size == capacity) {
            throw new IllegalStateException("gref table of queue " + queue + " is full (capacity " + capacity + ")");
        }
        int i = home(gref);
        while (slots[i + 1] != 0) {
            if (slots[i] == gref) {
                throw new IllegalStateException("gref " + Integer.toUnsignedString(gref) + " already in the table of queue "
                        + queue);
            }
            i = (i + 2) & pairMask;
        }
        int entry = freeEntries[--freeTop];
        slots[i] = gref;
        slots[i + 1] = entry + 1;
        grefs[entry] = gref;
        handles[entry] = handle;
        views[entry] = view;
        readonly[entry] = ro;
        inFlight[entry] = 0;
        live[entry] = true;
        size++;
        return entry;
    }

    /**
     * Removes a mapped entry; the caller unmaps the returned handle.
     *
     * @return the entry's grant handle
     */
    int remove(int entry) {
        checkLive(entry);
        int gref = grefs[entry];
        int hole = home(gref);
        while (slots[hole + 1] != entry + 1) {
            hole = (hole + 2) & pairMask;
        }
        // Backward-shift deletion: move up every later member of the probe run whose home is not cyclically in
        // (hole, j], so that no lookup meets an empty slot before its key.
        int j = hole;
        for (;;) {
            j = (j + 2) & pairMask;
            if (slots[j + 1] == 0) {
                break;
            }
            int h = home(slots[j]);
            boolean homeInRange = hole < j ? (h > hole && h <= j) : (h > hole || h <= j);
            if (!homeInRange) {
                slots[hole] = slots[j];
                slots[hole + 1] = slots[j + 1];
                hole = j;
            }
        }
        slots[hole] = 0;
        slots[hole + 1] = 0;
        int handle = handles[entry];
        live[entry] = false;
        views[entry] = null;
        inFlight[entry] = 0;
        readonly[entry] = false;
        freeEntries[freeTop++] = entry;
        size--;
        return handle;
    }

    /**
     * Drops every entry and unmaps them all in one unmap batch (one hypercall, one TLB flush): what the backend does
     * when the device disconnects (SG-5), in flight or not.
     *
     * @param self the backend domain that holds the mappings
     */
    public void dropAll(Domain self) {
        if (size == 0) {
            return;
        }
        int[] toUnmap = unmapHandles;
        int n = 0;
        for (int e = 0; e < capacity; e++) {
            if (live[e]) {
                toUnmap[n++] = handles[e];
                live[e] = false;
                views[e] = null;
                inFlight[e] = 0;
                readonly[e] = false;
            }
        }
        Arrays.fill(slots, 0);
        resetFreeList();
        size = 0;
        self.unmapGrants(toUnmap, n, unmapStatus);
    }

    /**
     * The grefs mapped now, sorted as unsigned values (for tests and reports; allocates).
     *
     * @return a new array
     */
    public int[] grefs() {
        int[] out = new int[size];
        int n = 0;
        for (int e = 0; e < capacity; e++) {
            if (live[e]) {
                out[n++] = grefs[e] ^ Integer.MIN_VALUE;
            }
        }
        Arrays.sort(out);
        for (int i = 0; i < n; i++) {
            out[i] ^= Integer.MIN_VALUE;
        }
        return out;
    }

    @Override
    public String toString() {
        return "GrefMappingTable[queue=" + queue + ", " + size + "/" + capacity + " mapped]";
    }
}
