/** Interdomain event channels (SPEC GNT-5): edge-like, coalescing notifications delivered as tasks. */
package dev.netifkit.hv.evtchn;
