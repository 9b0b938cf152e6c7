package dev.netifkit.hv.xenstore;

import java.util.function.IntConsumer;

/**
 * Xenbus state helpers (XB-1). The int codes are those of {@code enum xenbus_state}; netif-proto names them in its
 * own enum, which this module does not depend on. A peer's state node is untrusted input: missing, unreadable or
 * unparsable reads as {@link #STATE_UNKNOWN}, never an exception.
 */
public final class Xenbus {
    /** Unknown (0). */
    public static final int STATE_UNKNOWN = 0;
    /** Initialising (1). */
    public static final int STATE_INITIALISING = 1;
    /** InitWait (2): the backend waits for the frontend's details. */
    public static final int STATE_INIT_WAIT = 2;
    /** Initialised (3). */
    public static final int STATE_INITIALISED = 3;
    /** Connected (4). */
    public static final int STATE_CONNECTED = 4;
    /** Closing (5). */
    public static final int STATE_CLOSING = 5;
    /** Closed (6). */
    public static final int STATE_CLOSED = 6;
    /** Reconfiguring (7). */
    public static final int STATE_RECONFIGURING = 7;
    /** Reconfigured (8). */
    public static final int STATE_RECONFIGURED = 8;

    private static final String[] NAMES = {
        "Unknown", "Initialising", "InitWait", "Initialised", "Connected", "Closing", "Closed", "Reconfiguring",
        "Reconfigured",
    };

    private Xenbus() {
    }

    /** Writes {@code <devicePath>/state} unless it already holds {@code state}. */
    public static void switchState(XenStoreConnection c, String devicePath, int state) {
        if (state < STATE_UNKNOWN || state > STATE_RECONFIGURED) {
            throw new IllegalArgumentException("xenbus state " + state + " outside 0..8");
        }
        String path = devicePath + "/state";
        String value = Integer.toString(state);
        if (!value.equals(c.read(path))) {
            c.write(path, value);
        }
    }

    /** The state in {@code <devicePath>/state}; {@link #STATE_UNKNOWN} if missing, unreadable or unparsable. */
    public static int readState(XenStoreConnection c, String devicePath) {
        String v;
        try {
            v = c.read(devicePath + "/state");
        } catch (XenStoreException e) {
            return STATE_UNKNOWN;
        }
        if (v == null || v.isEmpty() || v.length() > 9) {
            return STATE_UNKNOWN;
        }
        int s = 0;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch < '0' || ch > '9') {
                return STATE_UNKNOWN;
            }
            s = s * 10 + (ch - '0');
        }
        return s <= STATE_RECONFIGURED ? s : STATE_UNKNOWN;
    }

    /**
     * Watches {@code <devicePath>/state}: {@code onState} gets the current state on registration and after every
     * change, on the connection's domain context.
     */
    public static WatchHandle watchState(XenStoreConnection c, String devicePath, IntConsumer onState) {
        if (onState == null) {
            throw new IllegalArgumentException("onState is null");
        }
        return c.watch(devicePath + "/state", "state:" + devicePath,
                (path, token) -> onState.accept(readState(c, devicePath)));
    }

    /** The name of state {@code state} ("Connected"), or "Invalid(n)". */
    public static String stateName(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : "Invalid(" + state + ")";
    }
}
