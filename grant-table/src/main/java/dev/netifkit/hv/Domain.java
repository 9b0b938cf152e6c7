package dev.netifkit.hv;

import dev.netifkit.hv.evtchn.EventAccounting;
import dev.netifkit.hv.evtchn.EventChannels;
import dev.netifkit.hv.grant.GntStatus;
import dev.netifkit.hv.grant.GrantCopyBatch;
import dev.netifkit.hv.grant.GrantEngine;
import dev.netifkit.hv.grant.GrantMapBatch;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.sched.Scheduler;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import io.netty.buffer.ByteBuf;

import java.util.List;

import static dev.netifkit.hv.HypervisorCounters.EVENTS_DELIVERED;
import static dev.netifkit.hv.HypervisorCounters.GRANT_COPY_BYTES;
import static dev.netifkit.hv.HypervisorCounters.GRANT_COPY_FAILURES;
import static dev.netifkit.hv.HypervisorCounters.GRANT_COPY_OPS;
import static dev.netifkit.hv.HypervisorCounters.GRANT_MAPS;
import static dev.netifkit.hv.HypervisorCounters.GRANT_UNMAPS;
import static dev.netifkit.hv.HypervisorCounters.HYPERCALLS;
import static dev.netifkit.hv.HypervisorCounters.NOTIFICATIONS_SENT;
import static dev.netifkit.hv.HypervisorCounters.TLB_FLUSHES;

/**
 * A guest: its frames, the guest side of its grant table, its hypercalls, event channel ports, xenstore connection
 * and counters. A model gets its own Domain and nothing else: it touches another domain's memory only through
 * grants.
 *
 * <p>Hypercalls take their arguments as a guest would pass them; every bad value (domid, gref, offset, length,
 * handle) gives a {@link GntStatus}, never an exception. Each hypercall is counted against this domain
 * ({@link #counters()}). Calling anything after the domain was destroyed throws {@link IllegalStateException}.
 */
public final class Domain {
    private final Scheduler scheduler;
    private final int domid;
    private final String name;
    private final DomainMemory memory;
    private final GrantEngine engine;
    private final HypervisorCounters counters = new HypervisorCounters();
    private final EventChannels events;
    private final XenStoreConnection xenStore;
    private volatile boolean destroyed;

    Domain(Hypervisor hypervisor, int domid, String name, int maxGrantFrames, int maxMappings) {
        this.scheduler = hypervisor.scheduler();
        this.domid = domid;
        this.name = name;
        this.memory = new DomainMemory(this);
        this.engine = new GrantEngine(domid, maxGrantFrames, maxMappings, memory::lookup, hypervisor::engineOf);
        this.events = hypervisor.events().register(domid, new Accounting());
        this.xenStore = hypervisor.xenStore().connect(domid);
    }

    /** The domain id. */
    public int domid() {
        return domid;
    }

    /** The name given at creation. */
    public String name() {
        return name;
    }

    // ------------------------------------------------------------------ memory

    /** Allocates a zeroed 4 KiB frame. */
    public Frame allocateFrame() {
        checkAlive();
        return memory.allocate();
    }

    /**
     * Frees a frame: it is zeroed and its number reused; its {@link Frame#buf()} is released.
     *
     * @throws IllegalArgumentException if it is not a live frame of this domain, or access to it is still granted
     *                                  (end access first — a page a peer may still touch is never reused)
     */
    public void freeFrame(Frame f) {
        checkAlive();
        if (f == null || f.owner() != this || memory.lookup(f.number()) != f) {
            throw new IllegalArgumentException(f + " is not a live frame of d" + domid);
        }
        if (engine.table().isFrameGranted(f)) {
            throw new IllegalArgumentException(f + " is still granted (d" + domid + "); end access first");
        }
        memory.free(f);
    }

    /** Frames allocated and not freed (the grant table's own frames are not counted). */
    public int frameCount() {
        return memory.liveCount();
    }

    // ------------------------------------------------------------------ grants

    /** The guest side of this domain's grant table. */
    public GrantTable grantTable() {
        return engine.table();
    }

    /**
     * GNTTABOP_copy: one hypercall for the whole batch; sets each op's status.
     *
     * @return the number of failed ops
     */
    public int grantCopy(GrantCopyBatch batch) {
        checkAlive();
        if (batch == null) {
            throw new IllegalArgumentException("batch is null");
        }
        int failures = engine.copy(batch);
        counters.add(HYPERCALLS, 1);
        counters.add(GRANT_COPY_OPS, batch.size());
        counters.add(GRANT_COPY_FAILURES, failures);
        counters.add(GRANT_COPY_BYTES, batch.copiedBytes());
        return failures;
    }

    /**
     * GNTTABOP_map_grant_ref for one grant: one hypercall.
     *
     * @return a handle ≥ 0, or a negative {@link GntStatus}
     */
    public int mapGrant(int granterDomid, int gref, boolean readonly) {
        checkAlive();
        int r = engine.map(granterDomid, gref, readonly);
        counters.add(HYPERCALLS, 1);
        if (r >= 0) {
            counters.add(GRANT_MAPS, 1);
        }
        return r;
    }

    /**
     * GNTTABOP_map_grant_ref for a batch: one hypercall; a handle or status per op.
     *
     * @return the number of failed ops
     */
    public int mapGrants(GrantMapBatch batch) {
        checkAlive();
        if (batch == null) {
            throw new IllegalArgumentException("batch is null");
        }
        int failures = engine.map(batch);
        counters.add(HYPERCALLS, 1);
        counters.add(GRANT_MAPS, batch.size() - failures);
        return failures;
    }

    /**
     * The view of an active mapping: same memory as the granter's frame, no copy; read-only mappings reject writes.
     * The view is released by the unmap, so using it afterwards throws.
     *
     * @throws IllegalArgumentException for a handle this domain does not hold (own misuse)
     */
    public ByteBuf mappedView(int handle) {
        checkAlive();
        return engine.mappedView(handle);
    }

    /** GNTTABOP_unmap_grant_ref of one handle: one hypercall, one TLB flush if it succeeded. */
    public int unmapGrant(int handle) {
        checkAlive();
        int st = engine.unmap(handle);
        counters.add(HYPERCALLS, 1);
        if (st == GntStatus.OKAY) {
            counters.add(GRANT_UNMAPS, 1);
            counters.add(TLB_FLUSHES, 1);
        }
        return st;
    }

    /**
     * GNTTABOP_unmap_grant_ref of {@code handles[0..count)}: one hypercall and one TLB flush for the whole call
     * (if at least one unmap succeeded). Statuses go to {@code statusOut} when not null.
     *
     * @return the number of failed unmaps
     */
    public int unmapGrants(int[] handles, int count, int[] statusOut) {
        checkAlive();
        int failures = engine.unmap(handles, count, statusOut);
        counters.add(HYPERCALLS, 1);
        int ok = count - failures;
        counters.add(GRANT_UNMAPS, ok);
        if (ok > 0) {
            counters.add(TLB_FLUSHES, 1);
        }
        return failures;
    }

    /** Mappings this domain holds. */
    public int activeMappingCount() {
        return engine.activeMappingCount();
    }

    /** The mappings this domain holds (a "no leaked mapping" invariant reads this). */
    public List<MappingInfo> activeMappings() {
        return engine.activeMappings();
    }

    // ------------------------------------------------------------------ events, xenstore, counters

    /** This domain's event channel ports. */
    public EventChannels events() {
        return events;
    }

    /** This domain's xenstore connection (its permissions). */
    public XenStoreConnection xenStore() {
        return xenStore;
    }

    /**
     * The scheduler this domain runs on: its execution context is {@code scheduler().execute(domid(), task)},
     * its timers {@code scheduler().schedule(domid(), delay, task)}, its clock {@code scheduler().nowNanos()}.
     */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** This domain's counters. */
    public HypervisorCounters counters() {
        return counters;
    }

    /** True once {@link Hypervisor#destroyDomain} ran. */
    public boolean isDestroyed() {
        return destroyed;
    }

    GrantEngine engine() {
        return engine;
    }

    void destroy() {
        destroyed = true;
        engine.unmapAll();
        xenStore.close();
        memory.releaseAll();
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("d" + domid + " (" + name + ") was destroyed");
        }
    }

    @Override
    public String toString() {
        return "d" + domid + "(" + name + ")";
    }

    /** Event channel counting goes to this domain's counters. */
    private final class Accounting implements EventAccounting {
        @Override
        public void hypercall() {
            counters.add(HYPERCALLS, 1);
        }

        @Override
        public void notificationSent() {
            counters.add(NOTIFICATIONS_SENT, 1);
        }

        @Override
        public void eventDelivered() {
            counters.add(EVENTS_DELIVERED, 1);
        }
    }
}
