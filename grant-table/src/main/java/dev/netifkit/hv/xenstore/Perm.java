package dev.netifkit.hv.xenstore;

/** A xenstore access right ({@code n}, {@code r}, {@code w}, {@code b} in xenstored's notation). */
public enum Perm {
    /** No access. */
    NONE,
    /** Read only. */
    READ,
    /** Write only. */
    WRITE,
    /** Read and write. */
    BOTH;

    /** True for READ and BOTH. */
    public boolean canRead() {
        return this == READ || this == BOTH;
    }

    /** True for WRITE and BOTH. */
    public boolean canWrite() {
        return this == WRITE || this == BOTH;
    }
}
