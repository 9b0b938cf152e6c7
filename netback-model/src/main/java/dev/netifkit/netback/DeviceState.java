package dev.netifkit.netback;

/**
 * Where a backend device stands, beyond its xenbus state.
 */
public enum DeviceState {
    /** Probed: features published, waiting for the frontend (xenbus InitWait). */
    WAITING,
    /** Rings mapped, datapath running. */
    CONNECTED,
    /** Disabled after a fatal frontend error; nothing is processed until the device is re-created. */
    FATAL,
    /** The frontend's keys were inconsistent: the backend refused to connect and said why. */
    REFUSED,
    /** Disconnected (frontend closed); may connect again. */
    CLOSED
}
