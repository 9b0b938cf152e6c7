/**
 * The reference netif backend (netback): the outcomes of SPEC.md §3, §4, §7 and §9 for every frontend input.
 *
 * <p>A {@link dev.netifkit.netback.Netback} is one vif device in the backend domain: it follows the xenbus
 * handshake through xenstore, maps the frontend's rings through grants, and runs one TX and one RX engine per
 * queue on the backend domain's scheduler context. Packets leave and enter through a
 * {@link dev.netifkit.netback.NetworkPort}. A frontend that breaks a fatal rule disables the device with a
 * {@link dev.netifkit.netback.Violation} naming the clause; anything else a frontend sends gets the response the
 * protocol gives it. Nothing here throws out of the datapath.
 */
package dev.netifkit.netback;
