package dev.netifkit.hv.xenstore;

/**
 * The two xenstore directories of a split device.
 *
 * @param frontend {@code /local/domain/<front>/device/<type>/<devid>}
 * @param backend  {@code /local/domain/<back>/backend/<type>/<front>/<devid>}
 */
public record DevicePaths(String frontend, String backend) {
}
