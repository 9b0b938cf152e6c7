package dev.netifkit.conformance.pair;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.xenstore.DevicePaths;
import dev.netifkit.netback.Netback;
import dev.netifkit.netfront.Netfront;

/**
 * One guest of a {@link Pair}: its domain, its netfront, the backend device serving it, and its MAC.
 *
 * @param index position in the pair (0-based)
 * @param domain the guest's domain (domid = index + 1)
 * @param frontend the guest's frontend
 * @param backend the backend device serving it (in domain 0)
 * @param paths the device's xenstore directories
 * @param mac the guest's MAC address (48 bits)
 */
public record Guest(int index, Domain domain, Netfront frontend, Netback backend, DevicePaths paths, long mac) {
}
