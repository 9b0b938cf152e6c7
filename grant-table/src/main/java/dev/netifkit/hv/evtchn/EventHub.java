package dev.netifkit.hv.evtchn;

import dev.netifkit.hv.sched.Scheduler;

import java.util.HashMap;
import java.util.Map;

/**
 * The hypervisor's event channel switch: the port tables of every domain, under one lock. The
 * {@link dev.netifkit.hv.Hypervisor} holds the only hub its domains use, so ports of its domains are reachable only
 * through their own {@link EventChannels}.
 */
public final class EventHub {
    private final Scheduler scheduler;
    private final Map<Integer, EventChannels> domains = new HashMap<>();

    /** A hub delivering events on {@code scheduler}. */
    public EventHub(Scheduler scheduler) {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler is null");
        }
        this.scheduler = scheduler;
    }

    /** Creates the port table of {@code domid}. IAE if it already has one. */
    public EventChannels register(int domid, EventAccounting accounting) {
        synchronized (this) {
            if (domains.containsKey(domid)) {
                throw new IllegalArgumentException("d" + domid + " already has event channels");
            }
            EventChannels ec = new EventChannels(this, domid, accounting == null ? EventAccounting.NONE : accounting);
            domains.put(domid, ec);
            return ec;
        }
    }

    /** Closes every port of {@code domid} (peers' ends become unbound) and forgets the domain. */
    public void unregister(int domid) {
        synchronized (this) {
            EventChannels ec = domains.remove(domid);
            if (ec != null) {
                ec.closeAllLocked();
            }
        }
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Caller holds the hub lock. */
    EventChannels lookupLocked(int domid) {
        return domains.get(domid);
    }
}
