/**
 * Grant tables v1 (SPEC GNT-1..GNT-4): the byte-exact {@code grant_entry_v1} layout, the guest side
 * ({@link dev.netifkit.hv.grant.GrantTable}), the hypervisor side ({@link dev.netifkit.hv.grant.GrantEngine}: copy,
 * map, unmap with per-op {@link dev.netifkit.hv.grant.GntStatus}) and the preallocated op batches.
 */
package dev.netifkit.hv.grant;
