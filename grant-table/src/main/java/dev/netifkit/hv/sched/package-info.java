/**
 * Execution contexts of domains: a deterministic, seeded, caller-driven scheduler on simulated time and a threaded
 * one with a thread per domain.
 */
package dev.netifkit.hv.sched;
