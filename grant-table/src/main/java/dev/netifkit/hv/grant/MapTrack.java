package dev.netifkit.hv.grant;

import dev.netifkit.hv.MappingInfo;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A mapping domain's handle table (Xen's maptrack). A handle is {@code generation << 20 | index}: the generation
 * changes each time a slot is reused, so a stale handle (double unmap, unmap after reuse) is {@code BAD_HANDLE}
 * rather than silently unmapping someone else's mapping. Guarded by its own monitor.
 */
final class MapTrack {
    static final int INDEX_BITS = 20;
    static final int MAX_ENTRIES = 1 << INDEX_BITS;
    private static final int INDEX_MASK = MAX_ENTRIES - 1;
    private static final int GENERATIONS = 1 << (31 - INDEX_BITS);

    private final int limit;
    private GrantEngine[] granter = new GrantEngine[16];
    private int[] ref = new int[16];
    private boolean[] readonly = new boolean[16];
    private ByteBuf[] view = new ByteBuf[16];
    private int[] generation = new int[16];
    private int used; // slots ever used
    private int[] free = new int[16];
    private int freeCount;
    private int active;

    MapTrack(int limit) {
        if (limit < 1 || limit > MAX_ENTRIES) {
            throw new IllegalArgumentException("maxMappings " + limit + " outside 1.." + MAX_ENTRIES);
        }
        this.limit = limit;
    }

    synchronized boolean hasRoom() {
        return freeCount > 0 || used < limit;
    }

    /** Records a mapping; the caller checked {@link #hasRoom()} (the same thread owns this table). */
    synchronized int add(GrantEngine g, int gref, boolean ro, ByteBuf v) {
        int index;
        if (freeCount > 0) {
            index = free[--freeCount];
        } else {
            if (used == limit) {
                return -1;
            }
            index = used++;
            if (index == granter.length) {
                int cap = Math.min(MAX_ENTRIES, granter.length * 2);
                granter = Arrays.copyOf(granter, cap);
                ref = Arrays.copyOf(ref, cap);
                readonly = Arrays.copyOf(readonly, cap);
                view = Arrays.copyOf(view, cap);
                generation = Arrays.copyOf(generation, cap);
            }
        }
        granter[index] = g;
        ref[index] = gref;
        readonly[index] = ro;
        view[index] = v;
        active++;
        return (generation[index] << INDEX_BITS) | index;
    }

    /** Index of the live mapping {@code handle}, or -1. Any int accepted. */
    synchronized int find(int handle) {
        if (handle < 0) {
            return -1;
        }
        int index = handle & INDEX_MASK;
        if (index >= used || view[index] == null || generation[index] != handle >>> INDEX_BITS) {
            return -1;
        }
        return index;
    }

    synchronized ByteBuf view(int index) {
        return view[index];
    }

    synchronized GrantEngine granter(int index) {
        return granter[index];
    }

    synchronized int ref(int index) {
        return ref[index];
    }

    synchronized boolean readonly(int index) {
        return readonly[index];
    }

    /** Frees the slot and returns its view (the caller releases it). */
    synchronized ByteBuf remove(int index) {
        ByteBuf v = view[index];
        view[index] = null;
        granter[index] = null;
        generation[index] = (generation[index] + 1) % GENERATIONS;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = index;
        active--;
        return v;
    }

    synchronized int active() {
        return active;
    }

    synchronized int[] activeHandles() {
        int[] handles = new int[active];
        int n = 0;
        for (int i = 0; i < used; i++) {
            if (view[i] != null) {
                handles[n++] = (generation[i] << INDEX_BITS) | i;
            }
        }
        return handles;
    }

    synchronized List<MappingInfo> infos() {
        List<MappingInfo> list = new ArrayList<>(active);
        for (int i = 0; i < used; i++) {
            if (view[i] != null) {
                list.add(new MappingInfo((generation[i] << INDEX_BITS) | i, granter[i].domid(), ref[i], readonly[i]));
            }
        }
        return list;
    }
}
