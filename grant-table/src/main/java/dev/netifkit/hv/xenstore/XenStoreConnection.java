package dev.netifkit.hv.xenstore;

import java.util.List;
import java.util.function.Function;

/**
 * A domain's connection to the {@link XenStore}, carrying that domain's permissions (or, for the toolstack's
 * connection, none of their limits). Paths are absolute, '/'-separated, without trailing slash, characters
 * [A-Za-z0-9_/@:.-]; a malformed path is misuse ({@link IllegalArgumentException}). A refused operation throws
 * {@link XenStoreException} with its {@link Errno}. Thread-safe.
 */
public final class XenStoreConnection {
    /** Attempts {@link #transact} makes before giving up with EAGAIN. */
    public static final int MAX_TRANSACTION_ATTEMPTS = 100;

    private final XenStore store;
    private final int domid;
    private final boolean privileged;
    private volatile boolean closed;

    XenStoreConnection(XenStore store, int domid, boolean privileged) {
        this.store = store;
        this.domid = domid;
        this.privileged = privileged;
    }

    /** The connection's domain (0 for the toolstack). */
    public int domid() {
        return domid;
    }

    /** True for the toolstack's connection. */
    public boolean privileged() {
        return privileged;
    }

    /** The node's value; null if it does not exist. EACCES if not readable. */
    public String read(String path) {
        return store.read(open(), XsPaths.check(path));
    }

    /**
     * Writes {@code value}, creating missing parents (owned by this domain, inheriting the parent's permissions).
     * EACCES if this domain may not write the node, or, for a new node, its nearest existing ancestor.
     */
    public void write(String path, String value) {
        if (value == null) {
            throw new IllegalArgumentException("value for " + path + " is null");
        }
        store.write(open(), XsPaths.check(path), value);
    }

    /** Creates the node (empty value) and missing parents; nothing if it exists. */
    public void mkdir(String path) {
        store.mkdir(open(), XsPaths.check(path));
    }

    /** Removes the node and everything below it; nothing if absent. EACCES if not writable. */
    public void rm(String path) {
        store.rm(open(), XsPaths.check(path));
    }

    /** Sorted child names (empty if none); null if the node does not exist. EACCES if not readable. */
    public List<String> directory(String path) {
        return store.directory(open(), XsPaths.check(path));
    }

    /** True if the node exists and this domain may read it (like Linux's xenbus_exists, never throws EACCES). */
    public boolean exists(String path) {
        XsPaths.check(path);
        try {
            return store.observe(open(), path);
        } catch (XenStoreException e) {
            return false;
        }
    }

    /** Replaces the node's permissions: the owner (who may not give the node away) or the toolstack. */
    public void setPermissions(String path, List<XsPermission> perms) {
        store.setPermissions(open(), XsPaths.check(path), perms);
    }

    /** The node's permissions (owner first); null if it does not exist. EACCES if not readable. */
    public List<XsPermission> getPermissions(String path) {
        return store.getPermissions(open(), XsPaths.check(path));
    }

    /**
     * Watches {@code path} and everything under it: {@code watcher} runs on this domain's execution context once
     * now (with {@code path}) and after every change at or under it that this domain may read.
     */
    public WatchHandle watch(String path, String token, XsWatcher watcher) {
        if (watcher == null || token == null) {
            throw new IllegalArgumentException("watch of " + path + ": token and watcher must not be null");
        }
        return store.watch(open(), XsPaths.check(path), token, watcher);
    }

    /** Starts a transaction; nothing it writes is visible before {@link XsTransaction#commit()}. */
    public XsTransaction transactionStart() {
        return new XsTransaction(store, open());
    }

    /**
     * Runs {@code body} in a transaction and commits, retrying on conflict up to
     * {@value #MAX_TRANSACTION_ATTEMPTS} times (then EAGAIN). If {@code body} throws, the transaction is aborted.
     */
    public <T> T transact(Function<XsTransaction, T> body) {
        if (body == null) {
            throw new IllegalArgumentException("transaction body is null");
        }
        for (int attempt = 0; attempt < MAX_TRANSACTION_ATTEMPTS; attempt++) {
            XsTransaction t = transactionStart();
            T result;
            try {
                result = body.apply(t);
            } catch (RuntimeException | Error e) {
                t.abort();
                throw e;
            }
            if (t.isDone()) {
                return result; // the body committed or aborted by itself
            }
            if (t.commit()) {
                return result;
            }
        }
        throw new XenStoreException(Errno.EAGAIN, "d" + domid + ": transaction still conflicting after "
                + MAX_TRANSACTION_ATTEMPTS + " attempts");
    }

    /** Cancels this connection's watches; later operations throw {@link IllegalStateException}. */
    public void close() {
        closed = true;
        store.removeWatches(this);
    }

    private XenStoreConnection open() {
        if (closed) {
            throw new IllegalStateException("xenstore connection of d" + domid + " is closed");
        }
        return this;
    }

    @Override
    public String toString() {
        return "XenStoreConnection{d" + domid + (privileged ? ", toolstack" : "") + "}";
    }
}
