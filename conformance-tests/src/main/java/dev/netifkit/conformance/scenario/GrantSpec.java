package dev.netifkit.conformance.scenario;

/**
 * One entry of a scenario's {@code grants}: a fresh zeroed page, filled, granted under an exact gref.
 *
 * @param gref the grant reference (8 or more)
 * @param data bytes written at {@code at} (empty for none); unused when {@code pattern}
 * @param pattern whether the page is filled with byte i mod 256 at offset i ({@code "pattern": "seq"})
 * @param at where {@code data} goes
 * @param readonly whether the grant is read-only
 * @param domid the domain granted access (default the backend, 0)
 */
public record GrantSpec(int gref, byte[] data, boolean pattern, int at, boolean readonly, int domid) {
}
