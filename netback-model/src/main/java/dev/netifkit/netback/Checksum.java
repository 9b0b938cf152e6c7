package dev.netifkit.netback;

/**
 * Checksum state of a packet, as the network stack knows it (Linux's CHECKSUM_NONE/PARTIAL/UNNECESSARY).
 */
public enum Checksum {
    /** Nothing known: the receiver checks it. */
    NONE,
    /** The protocol checksum is blank and must be filled in (csum_blank; the data is validated). */
    PARTIAL,
    /** The checksum has been verified (data_validated). */
    UNNECESSARY;

    /**
     * @param name {@code none}, {@code partial} or {@code unnecessary}
     * @return the state
     * @throws IllegalArgumentException naming the value
     */
    public static Checksum parse(String name) {
        for (Checksum c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown checksum state '" + name + "' (expected none, partial or unnecessary)");
    }
}
