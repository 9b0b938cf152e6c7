package dev.netifkit.cli.decode;

/**
 * One decoded slot of a ring page.
 *
 * @param index the free-running u32 ring index as an unsigned long, or null when slots are dumped by position
 * @param slot the slot number (index mod entries)
 * @param struct what the slot was decoded as
 * @param hex the whole slot's bytes in hex
 * @param fields the decoded fields
 * @param note how the slot was read (packet start, continuation, extra k of index i), or null
 */
public record Row(Long index, int slot, Struct struct, String hex, SlotFields fields, String note) {
}
