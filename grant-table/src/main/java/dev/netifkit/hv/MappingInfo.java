package dev.netifkit.hv;

/**
 * One active grant mapping of a domain (see {@link Domain#activeMappings()}).
 *
 * @param handle       the handle {@code mapGrant} returned
 * @param granterDomid the domain whose grant is mapped
 * @param gref         the mapped grant reference
 * @param readonly     whether the mapping is read-only
 */
public record MappingInfo(int handle, int granterDomid, int gref, boolean readonly) {
}
