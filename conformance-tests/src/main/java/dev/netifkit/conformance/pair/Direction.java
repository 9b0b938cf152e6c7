package dev.netifkit.conformance.pair;

/** Which way simulated traffic flows, from the guest's point of view. */
public enum Direction {
    /** Guest transmit: netfront → netback → network. */
    TX,
    /** Guest receive: network → netback → netfront. */
    RX,
    /** Both at once. */
    BOTH;

    /**
     * @param name {@code tx}, {@code rx} or {@code both}
     * @return the direction
     * @throws IllegalArgumentException naming the value
     */
    public static Direction parse(String name) {
        for (Direction d : values()) {
            if (d.name().equalsIgnoreCase(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown direction '" + name + "' (expected tx, rx or both)");
    }
}
