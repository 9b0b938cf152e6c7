package dev.netifkit.proto.packet;

import dev.netifkit.proto.GsoType;

/**
 * What a valid segmentation request is (TX-7, BK-8): a GSO type of TCPV4 or TCPV6 and a segment size of 1..65535.
 * One definition for every model that accepts one from a user.
 */
public final class Segmentation {
    private Segmentation() {
    }

    /**
     * Checks a segmentation request given through the Java API.
     *
     * @param type the GSO type
     * @param size the segment size
     * @throws IllegalArgumentException naming the bad value and what is allowed
     */
    public static void require(GsoType type, int size) {
        if (type != GsoType.TCPV4 && type != GsoType.TCPV6) {
            throw new IllegalArgumentException("GSO type " + type + " (expected TCPV4 or TCPV6)");
        }
        if (size < 1 || size > 0xFFFF) {
            throw new IllegalArgumentException("GSO size " + size + " outside 1..65535");
        }
    }
}
