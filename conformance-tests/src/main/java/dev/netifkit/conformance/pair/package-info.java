/**
 * The in-process pair: a hypervisor, one backend domain and one or more guests, each with a reference
 * {@link dev.netifkit.netfront.Netfront} and {@link dev.netifkit.netback.Netback} connected through xenbus, joined
 * by a network (a counting sink, a loopback, or a small L2 switch), with traffic whose integrity is checked for
 * every packet (exactly once, intact, in order per queue) and the hypervisor cost of every packet counted.
 *
 * <p>{@link dev.netifkit.conformance.pair.Pair} wires it; {@link dev.netifkit.conformance.pair.Simulation} drives
 * it for {@code netif simulate} and the benchmarks.
 */
package dev.netifkit.conformance.pair;
