/**
 * The emulated hypervisor: {@link dev.netifkit.hv.Hypervisor} (toolstack view), {@link dev.netifkit.hv.Domain}
 * (what a model gets: its frames, grant table, hypercalls, event channels, xenstore connection and counters),
 * {@link dev.netifkit.hv.Frame} and {@link dev.netifkit.hv.HypervisorCounters}. Domains meet only through grants,
 * event channels and xenstore, as two Xen guests do.
 */
package dev.netifkit.hv;
