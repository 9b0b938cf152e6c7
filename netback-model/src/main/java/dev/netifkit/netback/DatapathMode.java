package dev.netifkit.netback;

/**
 * How the backend moves packet data between the frontend's granted pages and its own memory (DESIGN.md).
 */
public enum DatapathMode {
    /** Grant copy: RX always; TX the first ≤ 128 bytes by copy, the rest mapped (or copied, by setting). */
    COPY,
    /** Grant map/unmap per TX request (RX still copies: a mapped RX page would need a copy anyway). */
    MAP,
    /** Grefs in the queue's staging table are used through their persistent mapping; others take the copy path. */
    STAGING;

    /**
     * Parses a mode name as scenario files and the CLI write it.
     *
     * @param name {@code copy}, {@code map} or {@code staging}
     * @return the mode
     * @throws IllegalArgumentException naming the value
     */
    public static DatapathMode parse(String name) {
        for (DatapathMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown datapath mode '" + name + "' (expected copy, map or staging)");
    }
}
