package dev.netifkit.proto;

/**
 * XenbusState values of a device's xenstore {@code state} node (XB-1).
 *
 * <p>A value a peer writes that is not a defined code reads as {@link #UNKNOWN}, which is also state 0.
 */
public enum XenbusState {
    /** XenbusStateUnknown (0): no state, or an unparsable one. */
    UNKNOWN(0),
    /** XenbusStateInitialising (1): the device is being set up. */
    INITIALISING(1),
    /** XenbusStateInitWait (2): the backend has published its features and waits for the frontend. */
    INIT_WAIT(2),
    /** XenbusStateInitialised (3): the frontend has published its rings and waits for the backend. */
    INITIALISED(3),
    /** XenbusStateConnected (4): the datapath runs. */
    CONNECTED(4),
    /** XenbusStateClosing (5): the device is being shut down. */
    CLOSING(5),
    /** XenbusStateClosed (6): the device is shut down. */
    CLOSED(6),
    /** XenbusStateReconfiguring (7). */
    RECONFIGURING(7),
    /** XenbusStateReconfigured (8). */
    RECONFIGURED(8);

    private static final XenbusState[] BY_CODE = values();

    private final int code;

    XenbusState(int code) {
        this.code = code;
    }

    /**
     * The value written to xenstore.
     *
     * @return the state code
     */
    public int code() {
        return code;
    }

    /**
     * Checked lookup; never throws.
     *
     * @param code a state read from xenstore
     * @return the state, or {@link #UNKNOWN} for a code outside 0..8
     */
    public static XenbusState fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
    }

    /**
     * Parses a state node's text as xenstore holds it ("4"); anything unparsable is {@link #UNKNOWN}.
     *
     * @param value the node's value, possibly null
     * @return the state
     */
    public static XenbusState parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        try {
            return fromCode(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
