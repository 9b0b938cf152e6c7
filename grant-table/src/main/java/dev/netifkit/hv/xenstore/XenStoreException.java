package dev.netifkit.hv.xenstore;

/** A xenstore operation failed with {@link #errno()}; the message names the path and the domain. */
public final class XenStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /** A failure with {@code errno}. */
    public XenStoreException(Errno errno, String message) {
        super(errno + ": " + message);
        this.errno = errno;
    }

    /** Why it failed. */
    public Errno errno() {
        return errno;
    }
}
