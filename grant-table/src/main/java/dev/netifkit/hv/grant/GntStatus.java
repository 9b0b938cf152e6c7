package dev.netifkit.hv.grant;

/**
 * Grant operation status codes ({@code GNTST_*} of grant_table.h, GNT-3). Operations report them per op; a
 * negative value never escapes as an exception.
 *
 * <p>Check order of a grant copy or map op (the first failing check wins; a failed op changes nothing):
 * granter domain absent → {@link #BAD_DOMAIN}; gref outside the granter's table → {@link #BAD_GNTREF}; entry
 * without GTF_permit_access → {@link #GENERAL_ERROR}; entry naming another domain, or a write to a GTF_readonly
 * entry → {@link #PERMISSION_DENIED}; offset/length outside the 4 KiB frame → {@link #BAD_COPY_ARG}; a local frame
 * not owned by the caller, or a granted frame number that is no live frame of the granter → {@link #BAD_PAGE}.
 * For a copy each check is made for the source, then the destination, before the next check.
 */
public final class GntStatus {
    /** The operation succeeded. */
    public static final int OKAY = 0;
    /** Entry not granted (no GTF_permit_access), or another failure Xen reports as general. */
    public static final int GENERAL_ERROR = -1;
    /** The named domain does not exist. */
    public static final int BAD_DOMAIN = -2;
    /** The gref is outside the granter's table. */
    public static final int BAD_GNTREF = -3;
    /** The handle names no active mapping. */
    public static final int BAD_HANDLE = -4;
    /** Bad virtual address (defined for completeness; not produced by this emulation). */
    public static final int BAD_VIRT_ADDR = -5;
    /** Bad device address (defined for completeness; not produced by this emulation). */
    public static final int BAD_DEV_ADDR = -6;
    /** The mapping domain's handle table is full. */
    public static final int NO_DEVICE_SPACE = -7;
    /** Wrong domain, or a write to a read-only grant. */
    public static final int PERMISSION_DENIED = -8;
    /** A frame that is not the caller's (local side) or not a live frame of the granter (granted side). */
    public static final int BAD_PAGE = -9;
    /** Offset or length outside the 4 KiB frame. */
    public static final int BAD_COPY_ARG = -10;
    /** Address too big (defined for completeness; not produced by this emulation). */
    public static final int ADDRESS_TOO_BIG = -11;
    /** Retry later (defined for completeness; not produced by this emulation). */
    public static final int EAGAIN = -12;

    private static final String[] NAMES = {
        "GNTST_okay", "GNTST_general_error", "GNTST_bad_domain", "GNTST_bad_gntref", "GNTST_bad_handle",
        "GNTST_bad_virt_addr", "GNTST_bad_dev_addr", "GNTST_no_device_space", "GNTST_permission_denied",
        "GNTST_bad_page", "GNTST_bad_copy_arg", "GNTST_address_too_big", "GNTST_eagain",
    };

    private GntStatus() {
    }

    /** The C name of {@code status} ({@code GNTST_okay}, …), or {@code GNTST_unknown(n)}. */
    public static String name(int status) {
        int i = -status;
        return i >= 0 && i < NAMES.length ? NAMES[i] : "GNTST_unknown(" + status + ")";
    }
}
