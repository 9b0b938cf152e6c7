package dev.netifkit.netfront;

/**
 * Results of {@link Netfront#transmit}: expected conditions are return values, never exceptions (STYLE 8).
 */
public final class TxResult {
    /** The packet's slots were written (published by the next {@link Netfront#flush}). */
    public static final int OK = 0;
    /** Fewer than {@code NR_SLOTS_MIN + 1} = 19 request slots (or fewer than the packet needs) are free. */
    public static final int RING_FULL = 1;
    /** The device is not connected (not started, still connecting, closing or closed). */
    public static final int NOT_CONNECTED = 2;
    /** The device is broken (FR-1..FR-3): nothing is sent any more. */
    public static final int BROKEN = 3;
    /** The packet would need more than 18 follower slots, or exceeds 65535 bytes (TX-5, TX-6). */
    public static final int TOO_BIG = 4;

    private static final String[] NAMES = {"OK", "RING_FULL", "NOT_CONNECTED", "BROKEN", "TOO_BIG"};

    private TxResult() {
    }

    /**
     * The name of a result.
     *
     * @param result a result code
     * @return its name, or "UNKNOWN(n)"
     */
    public static String name(int result) {
        return result >= 0 && result < NAMES.length ? NAMES[result] : "UNKNOWN(" + result + ")";
    }
}
