package dev.netifkit.proto;

/**
 * A 48-bit Ethernet address, as carried by MCAST_ADD/MCAST_DEL extras (TX-8), held in the low 48 bits of a long
 * with the first octet most significant ({@code 01:00:5e:00:00:01} is {@code 0x01005e000001L}).
 *
 * @param bits the address
 */
public record MacAddress(long bits) {
    /** The broadcast address, never filtered (BK-16). */
    public static final MacAddress BROADCAST = new MacAddress(0xFFFF_FFFF_FFFFL);

    /**
     * Checks the value fits in 48 bits.
     *
     * @param bits the address
     */
    public MacAddress {
        if ((bits & ~0xFFFF_FFFF_FFFFL) != 0) {
            throw new IllegalArgumentException("MAC address 0x" + Long.toHexString(bits) + " has more than 48 bits");
        }
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff}.
     *
     * @param text the address
     * @return the address
     * @throws IllegalArgumentException naming the text
     */
    public static MacAddress parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(":", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("bad MAC address '" + text + "' (expected aa:bb:cc:dd:ee:ff)");
        }
        long bits = 0;
        for (String p : parts) {
            if (p.length() != 2 || Character.digit(p.charAt(0), 16) < 0 || Character.digit(p.charAt(1), 16) < 0) {
                throw new IllegalArgumentException("bad MAC address '" + text + "' (expected aa:bb:cc:dd:ee:ff)");
            }
            bits = bits << 8 | Integer.parseInt(p, 16);
        }
        return new MacAddress(bits);
    }

    /**
     * Whether the group bit (the least significant bit of the first octet) is set.
     *
     * @return true for multicast and broadcast addresses
     */
    public boolean isMulticast() {
        return (bits >>> 40 & 1) != 0;
    }

    /**
     * The octet at position i (0 = first on the wire).
     *
     * @param i 0..5
     * @return the octet, 0..255
     */
    public int octet(int i) {
        return (int) (bits >>> (8 * (5 - i))) & 0xFF;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int o = octet(i);
            sb.append(Character.forDigit(o >>> 4, 16)).append(Character.forDigit(o & 0xF, 16));
        }
        return sb.toString();
    }
}
