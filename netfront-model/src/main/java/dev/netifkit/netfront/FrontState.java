package dev.netifkit.netfront;

import dev.netifkit.proto.XenbusState;

/**
 * Where a {@link Netfront} stands. Each state has an explicit code and the xenbus state (XB-1) it publishes in the
 * frontend's {@code state} node, or none ({@link #BROKEN} keeps whatever was published: like Linux netfront, a
 * broken device stops using the rings without telling the backend anything but its {@code error} node).
 */
public enum FrontState {
    /** Started, waiting for the backend's InitWait (publishes Initialising). */
    INITIALISING(1, XenbusState.INITIALISING),
    /** Keys written and Connected published; waiting for the backend to connect (XB-3). */
    CONNECTING(2, XenbusState.CONNECTED),
    /** Both ends connected: the datapath runs. */
    CONNECTED(3, XenbusState.CONNECTED),
    /** The backend broke a FR-* rule (or setup failed): the device is not used any more; the reason is kept. */
    BROKEN(4, null),
    /** {@link Netfront#close()} published Closing; waiting for the backend to disconnect. */
    CLOSING(5, XenbusState.CLOSING),
    /** Every grant ended and every frame freed (except ones FR-3 leaked); Closed published. */
    CLOSED(6, XenbusState.CLOSED);

    private static final FrontState[] BY_CODE = new FrontState[7];

    static {
        for (FrontState s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;
    private final XenbusState published;

    FrontState(int code, XenbusState published) {
        this.code = code;
        this.published = published;
    }

    /** @return the explicit code (1..6) */
    public int code() {
        return code;
    }

    /** @return the xenbus state this state publishes, or null when it publishes none */
    public XenbusState published() {
        return published;
    }

    /**
     * Checked lookup.
     *
     * @param code a code from {@link #code()}
     * @return the state
     * @throws IllegalArgumentException for a code outside 1..6
     */
    public static FrontState fromCode(int code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("front state code " + code + " outside 1.." + (BY_CODE.length - 1));
        }
        return BY_CODE[code];
    }
}
