/**
 * The reference netif frontend (netfront): xenbus handshake (XB-1..XB-3), TX and RX datapaths with every FR-*
 * check of SPEC.md §8, and the staging-grant buffer pool negotiated over the control ring (SG-5..SG-7).
 *
 * <p>Entry point: {@link dev.netifkit.netfront.Netfront}. It meets the backend only through the emulated
 * hypervisor — its own frames, grants, event channels and xenstore — and never depends on netback-model.
 */
package dev.netifkit.netfront;
