package dev.netifkit.hv.evtchn;

/** Error codes of event channel operations (negative errno values, as the hypercalls return them). */
public final class EvtchnStatus {
    /** Success. */
    public static final int OK = 0;
    /** No such domain. */
    public static final int ESRCH = -3;
    /** The port does not exist, is not bound, or is not unbound for this domain. */
    public static final int EINVAL = -22;
    /** No free port left. */
    public static final int ENOSPC = -28;

    private EvtchnStatus() {
    }

    /** The errno name of {@code status}. */
    public static String name(int status) {
        switch (status) {
            case OK:
                return "OK";
            case ESRCH:
                return "ESRCH";
            case EINVAL:
                return "EINVAL";
            case ENOSPC:
                return "ENOSPC";
            default:
                return "E(" + status + ")";
        }
    }
}
