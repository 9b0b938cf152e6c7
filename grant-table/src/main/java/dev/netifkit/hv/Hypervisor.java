package dev.netifkit.hv;

import dev.netifkit.hv.evtchn.EventHub;
import dev.netifkit.hv.grant.GrantEngine;
import dev.netifkit.hv.grant.GrantTable;
import dev.netifkit.hv.sched.Scheduler;
import dev.netifkit.hv.xenstore.Perm;
import dev.netifkit.hv.xenstore.Toolstack;
import dev.netifkit.hv.xenstore.XenStore;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import dev.netifkit.hv.xenstore.XsPermission;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The emulated hypervisor: domains with their frames, grant tables, event channels and xenstore connections, all
 * running on one {@link Scheduler}. Two models talk only through it, as two guests talk only through Xen.
 *
 * <p>This object is the toolstack's (and test harness's) view: a model is given only its own {@link Domain}.
 * Thread-safe.
 */
public final class Hypervisor {
    /** Highest ordinary domid (DOMID_FIRST_RESERVED - 1). */
    public static final int MAX_DOMID = 0x7FEF;

    private final Scheduler scheduler;
    private final XenStore xenStore;
    private final EventHub events;
    private final AtomicReferenceArray<Domain> byDomid = new AtomicReferenceArray<>(MAX_DOMID + 1);
    private final Map<Integer, Domain> domains = new TreeMap<>();

    /** A hypervisor with no domains, running everything on {@code scheduler}. */
    public Hypervisor(Scheduler scheduler) {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler is null");
        }
        this.scheduler = scheduler;
        this.xenStore = new XenStore(scheduler);
        this.events = new EventHub(scheduler);
    }

    /** Creates a domain with the default grant table size and mapping limit. */
    public Domain createDomain(int domid, String name) {
        return createDomain(domid, name, GrantTable.DEFAULT_MAX_FRAMES, GrantEngine.DEFAULT_MAX_MAPPINGS);
    }

    /**
     * Creates a domain and its xenstore home {@code /local/domain/<domid>} (owned by the toolstack, readable by the
     * domain, with {@code name} and {@code domid} keys).
     *
     * @param maxGrantFrames maximum frames of its grant table (1..1024; 32 = 16384 entries by default)
     * @param maxMappings    maximum grant mappings it may hold at once (1..2^20)
     * @throws IllegalArgumentException on a duplicate domid or one outside 0..0x7FEF
     */
    public Domain createDomain(int domid, String name, int maxGrantFrames, int maxMappings) {
        if (domid < 0 || domid > MAX_DOMID) {
            throw new IllegalArgumentException("domid " + domid + " outside 0.." + MAX_DOMID);
        }
        if (name == null) {
            throw new IllegalArgumentException("name of d" + domid + " is null");
        }
        Domain d;
        synchronized (domains) {
            if (domains.containsKey(domid)) {
                throw new IllegalArgumentException("d" + domid + " already exists (" + domains.get(domid).name() + ")");
            }
            d = new Domain(this, domid, name, maxGrantFrames, maxMappings);
            domains.put(domid, d);
            byDomid.set(domid, d);
        }
        XenStoreConnection ts = xenStore.toolstack();
        String home = Toolstack.domainPath(domid);
        ts.mkdir(home);
        ts.setPermissions(home, List.of(new XsPermission(0, Perm.NONE), new XsPermission(domid, Perm.READ)));
        ts.write(home + "/name", name);
        ts.write(home + "/domid", Integer.toString(domid));
        return d;
    }

    /** The domain, or null if absent (toolstack view: models only get their own Domain). */
    public Domain domain(int domid) {
        return domid >= 0 && domid <= MAX_DOMID ? byDomid.get(domid) : null;
    }

    /**
     * Destroys a domain: unmaps the mappings it holds, closes its event channels (peers' ends become unbound),
     * cancels its xenstore watches, removes {@code /local/domain/<domid>} and releases its frames. Mappings other
     * domains hold of its grants stay valid until they unmap them. IAE if absent.
     */
    public void destroyDomain(int domid) {
        Domain d;
        synchronized (domains) {
            d = domains.remove(domid);
            if (d == null) {
                throw new IllegalArgumentException("d" + domid + " does not exist");
            }
            byDomid.set(domid, null);
        }
        d.destroy();
        events.unregister(domid);
        xenStore.toolstack().rm(Toolstack.domainPath(domid));
    }

    /** The scheduler every domain runs on. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The store (use {@link XenStore#toolstack()} for privileged access). */
    public XenStore xenStore() {
        return xenStore;
    }

    /** The live domains, by domid. */
    public Collection<Domain> domains() {
        synchronized (domains) {
            return List.copyOf(domains.values());
        }
    }

    EventHub events() {
        return events;
    }

    /** The grant engine of a live domain, or null: the resolver every engine reaches peers through. */
    GrantEngine engineOf(int domid) {
        Domain d = domain(domid);
        return d == null ? null : d.engine();
    }

    @Override
    public String toString() {
        return "Hypervisor{domains=" + domains() + "}";
    }
}
