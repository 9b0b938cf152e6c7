package dev.netifkit.hv.xenstore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An optimistic xenstore transaction. Reads see the store as it is plus this transaction's own changes; changes
 * are applied only by {@link #commit()}, all at once, and only if no node the transaction read or wrote changed
 * since it started (otherwise commit returns false — EAGAIN — and nothing is applied). Permissions are checked
 * when each operation is made. Not thread-safe: one transaction belongs to one thread.
 */
public final class XsTransaction {
    /** Kinds of buffered change. */
    enum Kind { WRITE, MKDIR, RM }

    /** A buffered change. */
    record Op(Kind kind, String path, String value) {
    }

    private final XenStore store;
    private final XenStoreConnection connection;
    private final long startGeneration;
    private final Map<String, Boolean> observed = new HashMap<>();
    private final List<Op> ops = new ArrayList<>();
    private boolean done;

    XsTransaction(XenStore store, XenStoreConnection connection) {
        this.store = store;
        this.connection = connection;
        this.startGeneration = store.generation();
    }

    /** The node's value as this transaction sees it; null if absent. */
    public String read(String path) {
        XsPaths.check(path);
        checkActive();
        observe(path);
        String value = store.valueNow(path);
        boolean exists = value != null;
        for (Op op : ops) {
            if (op.kind == Kind.RM && XsPaths.atOrUnder(path, op.path)) {
                exists = false;
                value = null;
            } else if (op.kind == Kind.WRITE && op.path.equals(path)) {
                exists = true;
                value = op.value;
            } else if (op.kind != Kind.RM && !exists && XsPaths.atOrUnder(op.path, path)) {
                exists = true; // created as (a parent of) the written or made node
                value = "";
            }
        }
        return exists ? value : null;
    }

    /** True if the node exists as this transaction sees it. */
    public boolean exists(String path) {
        return read(path) != null;
    }

    /** Sorted child names as this transaction sees them; null if the node is absent. */
    public List<String> directory(String path) {
        XsPaths.check(path);
        checkActive();
        observe(path);
        List<String> live = store.childrenNow(path);
        boolean exists = live != null;
        TreeSet<String> children = exists ? new TreeSet<>(live) : new TreeSet<>();
        for (Op op : ops) {
            if (op.kind == Kind.RM) {
                if (XsPaths.atOrUnder(path, op.path)) {
                    exists = false;
                    children.clear();
                } else if (XsPaths.atOrUnder(op.path, path) && XsPaths.parent(op.path).equals(path)) {
                    children.remove(XsPaths.name(op.path));
                }
            } else if (XsPaths.atOrUnder(op.path, path)) {
                exists = true;
                if (!op.path.equals(path)) {
                    children.add(XsPaths.childUnder(op.path, path));
                }
            }
        }
        return exists ? List.copyOf(children) : null;
    }

    /** Buffers a write (missing parents are created at commit). EACCES now if not permitted. */
    public void write(String path, String value) {
        if (value == null) {
            throw new IllegalArgumentException("value for " + path + " is null");
        }
        buffer(Kind.WRITE, path, value);
    }

    /** Buffers a mkdir. EACCES now if not permitted. */
    public void mkdir(String path) {
        buffer(Kind.MKDIR, path, null);
    }

    /** Buffers a recursive remove. EACCES now if not permitted. */
    public void rm(String path) {
        if ("/".equals(path)) {
            throw new XenStoreException(Errno.EINVAL, "d" + connection.domid() + " may not remove /");
        }
        buffer(Kind.RM, path, null);
    }

    /**
     * Applies the buffered changes if nothing this transaction touched changed since it started.
     *
     * @return true if committed; false (EAGAIN) if it conflicted and nothing was applied
     */
    public boolean commit() {
        checkActive();
        done = true;
        return store.commit(connection, startGeneration, observed, ops);
    }

    /** Discards the transaction; idempotent. */
    public void abort() {
        done = true;
    }

    /** True once committed or aborted. */
    public boolean isDone() {
        return done;
    }

    private void buffer(Kind kind, String path, String value) {
        XsPaths.check(path);
        checkActive();
        String grantedBy = store.checkWritable(connection, path);
        observed.putIfAbsent(grantedBy, Boolean.TRUE);
        observed.putIfAbsent(path, store.existsNow(path));
        ops.add(new Op(kind, path, value));
    }

    private void observe(String path) {
        boolean exists = store.observe(connection, path);
        observed.putIfAbsent(path, exists);
    }

    private void checkActive() {
        if (done) {
            throw new IllegalStateException("transaction of d" + connection.domid() + " already ended");
        }
    }
}
