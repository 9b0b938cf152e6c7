package dev.netifkit.hv.xenstore;

/** Error numbers a xenstore operation reports (as xenstored does). */
public enum Errno {
    /** The node does not exist. */
    ENOENT,
    /** The connection's domain may not do this to the node. */
    EACCES,
    /** The transaction conflicted with another change; retry. */
    EAGAIN,
    /** The request is invalid (e.g. removing the root). */
    EINVAL,
    /** The node exists. */
    EEXIST
}
