package dev.netifkit.hv.xenstore;

/**
 * One entry of a node's permission list. With xenstored's semantics: the first entry names the owner (who has full
 * access whatever its {@code perm}) and its {@code perm} is the default for domains not listed; later entries give
 * the listed domains their own rights.
 *
 * @param domid the domain
 * @param perm  its right (the default for others, in the first entry)
 */
public record XsPermission(int domid, Perm perm) {
    /** Rejects a null perm or a domid outside 0..0xFFFF. */
    public XsPermission {
        if (perm == null || domid < 0 || domid > 0xFFFF) {
            throw new IllegalArgumentException("bad permission: domid " + domid + " (0..65535), perm " + perm);
        }
    }

    @Override
    public String toString() {
        return switch (perm) {
            case NONE -> "n";
            case READ -> "r";
            case WRITE -> "w";
            case BOTH -> "b";
        } + domid;
    }
}
