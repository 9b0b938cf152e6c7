/**
 * The netif control ring (SPEC.md §5 CTRL-*, §6 SG-*, §7 BK-17..BK-21): the backend's request handler
 * ({@link dev.netifkit.ctrl.CtrlBackend}), the per-queue persistent gref mapping table of staging grants
 * ({@link dev.netifkit.ctrl.GrefMappingTable}), hash configuration and receive-side steering
 * ({@link dev.netifkit.ctrl.HashConfig}, {@link dev.netifkit.ctrl.Steering}) and the frontend's client
 * ({@link dev.netifkit.ctrl.CtrlClient}).
 *
 * <p>Everything here runs on one domain's execution context (the scheduler's per-domain FIFO): the backend's
 * handler, its datapath's table lookups and its steering share the backend domain's context; the client runs on
 * the frontend's. No type here is safe for concurrent use from several threads.
 */
package dev.netifkit.ctrl;
