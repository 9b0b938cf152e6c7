package dev.netifkit.conformance.scripted;

import dev.netifkit.proto.ring.RingGeometry;

/**
 * The three kinds of shared ring a netif frontend sets up: per queue a tx and an rx ring, per device an optional
 * control ring (RING-1, RING-2).
 */
public enum RingKind {
    /** Guest transmit ring: 12-byte slots, 256 entries. */
    TX(RingGeometry.TX),
    /** Guest receive ring: 8-byte slots, 256 entries. */
    RX(RingGeometry.RX),
    /** Control ring: 16-byte slots, 128 entries. */
    CTRL(RingGeometry.CTRL);

    private final RingGeometry geometry;

    RingKind(RingGeometry geometry) {
        this.geometry = geometry;
    }

    /** @return the ring's geometry in a 4 KiB page */
    public RingGeometry geometry() {
        return geometry;
    }

    /**
     * Parses the name a scenario file uses.
     *
     * @param name {@code tx}, {@code rx} or {@code ctrl}
     * @return the kind, or null for any other name
     */
    public static RingKind fromName(String name) {
        switch (name) {
            case "tx":
                return TX;
            case "rx":
                return RX;
            case "ctrl":
                return CTRL;
            default:
                return null;
        }
    }

    /** @return the scenario-file name: {@code tx}, {@code rx} or {@code ctrl} */
    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
