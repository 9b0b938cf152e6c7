package dev.netifkit.hv.xenstore;

import dev.netifkit.hv.sched.Scheduler;
import dev.netifkit.hv.sched.Tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The emulated xenstore: a tree of nodes with values and per-node permissions (xenstored semantics), watches
 * and optimistic transactions. Domains talk to it through a {@link XenStoreConnection} carrying their
 * permissions ({@link #connect(int)}); the {@link #toolstack()} connection is privileged. One lock guards the
 * whole store; watch events are queued as tasks on the watching domain's execution context, in a deterministic
 * order (registration order of the watches, then order of the changes).
 */
public final class XenStore {
    private static final List<XsPermission> ROOT_PERMS = List.of(new XsPermission(0, Perm.NONE));

    private final Scheduler scheduler;
    private final Node root = new Node(null, "", ROOT_PERMS);
    private final List<WatchHandle> watches = new ArrayList<>();
    private final XenStoreConnection toolstack;
    private long generation;

    /** An empty store (only "/", owned by domain 0) delivering watch events on {@code scheduler}. */
    public XenStore(Scheduler scheduler) {
        if (scheduler == null) {
            throw new IllegalArgumentException("scheduler is null");
        }
        this.scheduler = scheduler;
        this.toolstack = new XenStoreConnection(this, 0, true);
    }

    /** A connection with the permissions of {@code domid} (0..0x7FEF; domain 0 is not privileged here). */
    public XenStoreConnection connect(int domid) {
        if (domid < 0 || domid > 0x7FEF) {
            throw new IllegalArgumentException("domid " + domid + " outside 0..0x7FEF");
        }
        return new XenStoreConnection(this, domid, false);
    }

    /** The privileged connection: bypasses permissions; its watch events run on domain 0's context. */
    public XenStoreConnection toolstack() {
        return toolstack;
    }

    // ------------------------------------------------------------------ operations (one lock)

    synchronized String read(XenStoreConnection c, String path) {
        Node n = readable(c, path);
        return n == null ? null : n.value;
    }

    synchronized List<String> directory(XenStoreConnection c, String path) {
        Node n = readable(c, path);
        return n == null ? null : List.copyOf(n.children.keySet());
    }

    synchronized List<XsPermission> getPermissions(XenStoreConnection c, String path) {
        Node n = readable(c, path);
        return n == null ? null : n.perms;
    }

    synchronized void write(XenStoreConnection c, String path, String value) {
        checkWritable(c, path);
        applyWrite(c, path, value);
    }

    synchronized void mkdir(XenStoreConnection c, String path) {
        if (lookup(path) != null) {
            return;
        }
        checkWritable(c, path);
        applyMkdir(c, path);
    }

    synchronized void rm(XenStoreConnection c, String path) {
        if (path.equals("/")) {
            throw new XenStoreException(Errno.EINVAL, "d" + c.domid() + " may not remove /");
        }
        Node n = lookup(path);
        if (n == null) {
            readable(c, path); // EACCES rather than silence where the parent is not readable
            return;
        }
        if (!perm(c, n).canWrite()) {
            throw denied(c, path, "remove");
        }
        applyRm(path);
    }

    synchronized void setPermissions(XenStoreConnection c, String path, List<XsPermission> perms) {
        if (perms == null || perms.isEmpty() || perms.stream().anyMatch(p -> p == null)) {
            throw new IllegalArgumentException("permissions for " + path + " must be a non-empty list: " + perms);
        }
        Node n = lookup(path);
        if (n == null) {
            throw new XenStoreException(Errno.ENOENT, path + " does not exist (d" + c.domid() + ")");
        }
        if (!c.privileged()) {
            int owner = n.perms.get(0).domid();
            if (owner != c.domid()) {
                throw denied(c, path, "set permissions of (owner d" + owner + ")");
            }
            if (perms.get(0).domid() != owner) {
                throw denied(c, path, "give away (to d" + perms.get(0).domid() + ")");
            }
        }
        n.perms = List.copyOf(perms);
        touch(n);
        fire(path, n, false);
    }

    synchronized WatchHandle watch(XenStoreConnection c, String path, String token, XsWatcher watcher) {
        WatchHandle w = new WatchHandle(this, c, path, token, watcher);
        watches.add(w);
        queueEvent(w, path); // fires once on registration
        return w;
    }

    synchronized void removeWatch(WatchHandle w) {
        watches.remove(w);
    }

    synchronized void removeWatches(XenStoreConnection c) {
        for (WatchHandle w : List.copyOf(watches)) {
            if (w.connection() == c) {
                w.cancel();
            }
        }
    }

    // ------------------------------------------------------------------ transactions

    synchronized long generation() {
        return generation;
    }

    /** Existence of {@code path} now (transaction bookkeeping); checks read permission like a read. */
    synchronized boolean observe(XenStoreConnection c, String path) {
        return readable(c, path) != null;
    }

    /** Checks that {@code c} may write {@code path} now; returns the path of the node that granted it. */
    synchronized String checkWritable(XenStoreConnection c, String path) {
        Node n = lookup(path);
        Node target = n != null ? n : nearestExisting(path);
        if (!perm(c, target).canWrite()) {
            throw denied(c, path, n != null ? "write" : "create");
        }
        return pathOf(target);
    }

    synchronized boolean existsNow(String path) {
        return lookup(path) != null;
    }

    /** Live children of {@code path} (no permission check; the caller checked), or null. */
    synchronized List<String> childrenNow(String path) {
        Node n = lookup(path);
        return n == null ? null : List.copyOf(n.children.keySet());
    }

    synchronized String valueNow(String path) {
        Node n = lookup(path);
        return n == null ? null : n.value;
    }

    /**
     * Commits a transaction: if every observed path still has the observed existence and none changed since
     * {@code startGeneration}, applies {@code ops} in order (each fires its watches) and returns true.
     */
    synchronized boolean commit(XenStoreConnection c, long startGeneration, Map<String, Boolean> observed,
                                List<XsTransaction.Op> ops) {
        for (Map.Entry<String, Boolean> e : observed.entrySet()) {
            Node n = lookup(e.getKey());
            if ((n != null) != e.getValue() || n != null && n.generation > startGeneration) {
                return false;
            }
        }
        for (XsTransaction.Op op : ops) {
            switch (op.kind()) {
                case WRITE -> applyWrite(c, op.path(), op.value());
                case MKDIR -> {
                    if (lookup(op.path()) == null) {
                        applyMkdir(c, op.path());
                    }
                }
                case RM -> {
                    if (lookup(op.path()) != null) {
                        applyRm(op.path());
                    }
                }
                default -> throw new IllegalStateException("unknown op " + op);
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ internals (lock held)

    private void applyWrite(XenStoreConnection c, String path, String value) {
        Node n = create(c, path);
        n.value = value;
        touch(n);
        fire(path, n, false);
    }

    private void applyMkdir(XenStoreConnection c, String path) {
        Node n = create(c, path);
        fire(path, n, false);
    }

    private void applyRm(String path) {
        Node n = lookup(path);
        n.parent.children.remove(n.name);
        touch(n.parent);
        fire(path, n, true);
    }

    /** Finds or creates {@code path}; new nodes inherit the parent's permissions, owned by the creator. */
    private Node create(XenStoreConnection c, String path) {
        Node n = root;
        if (path.equals("/")) {
            return n;
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String name = path.substring(start, end);
            Node child = n.children.get(name);
            if (child == null) {
                List<XsPermission> perms = n.perms;
                if (!c.privileged() && perms.get(0).domid() != c.domid()) {
                    List<XsPermission> p = new ArrayList<>(perms);
                    p.set(0, new XsPermission(c.domid(), perms.get(0).perm()));
                    perms = List.copyOf(p);
                }
                child = new Node(n, name, perms);
                n.children.put(name, child);
                touch(n);
                touch(child);
            }
            n = child;
            start = end + 1;
        }
        return n;
    }

    private void touch(Node n) {
        n.generation = ++generation;
    }

    private Node lookup(String path) {
        Node n = root;
        if (path.equals("/")) {
            return n;
        }
        int start = 1;
        while (n != null && start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            n = n.children.get(path.substring(start, end));
            start = end + 1;
        }
        return n;
    }

    private Node nearestExisting(String path) {
        Node n = root;
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            Node child = n.children.get(path.substring(start, end));
            if (child == null) {
                return n;
            }
            n = child;
            start = end + 1;
        }
        return n;
    }

    /** The node if it exists and is readable; null if absent (EACCES if its nearest ancestor is unreadable). */
    private Node readable(XenStoreConnection c, String path) {
        Node n = lookup(path);
        if (n == null) {
            // xenstored's errno_from_parents: do not reveal absence below a node the caller may not read
            if (!perm(c, nearestExisting(path)).canRead()) {
                throw denied(c, path, "read");
            }
            return null;
        }
        if (!perm(c, n).canRead()) {
            throw denied(c, path, "read");
        }
        return n;
    }

    private static Perm perm(XenStoreConnection c, Node n) {
        if (c.privileged()) {
            return Perm.BOTH;
        }
        List<XsPermission> p = n.perms;
        if (p.get(0).domid() == c.domid()) {
            return Perm.BOTH;
        }
        for (int i = 1; i < p.size(); i++) {
            if (p.get(i).domid() == c.domid()) {
                return p.get(i).perm();
            }
        }
        return p.get(0).perm();
    }

    private static String pathOf(Node n) {
        if (n.parent == null) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (Node x = n; x.parent != null; x = x.parent) {
            sb.insert(0, x.name).insert(0, '/');
        }
        return sb.toString();
    }

    private static XenStoreException denied(XenStoreConnection c, String path, String what) {
        return new XenStoreException(Errno.EACCES, "d" + c.domid() + " may not " + what + " " + path);
    }

    /**
     * Queues events for a change of {@code path}: every watch at or above it, and for a removal every watch below
     * it (with the watch's own path, as xenstored does), when the watcher may read the changed node.
     */
    private void fire(String path, Node changed, boolean removal) {
        for (WatchHandle w : watches) {
            if (!perm(w.connection(), changed).canRead()) {
                continue;
            }
            if (XsPaths.atOrUnder(path, w.path())) {
                queueEvent(w, path);
            } else if (removal && XsPaths.atOrUnder(w.path(), path)) {
                queueEvent(w, w.path());
            }
        }
    }

    private void queueEvent(WatchHandle w, String changedPath) {
        scheduler.execute(w.connection().domid(),
                Tasks.named("xs-watch " + w.path() + " [" + w.token() + "] " + changedPath, () -> w.deliver(changedPath)));
    }
}
