package dev.netifkit.hv.xenstore;

/** A registered watch; {@link #cancel()} stops its events, including ones already queued but not yet run. */
public final class WatchHandle {
    private final XenStore store;
    private final XenStoreConnection connection;
    private final String path;
    private final String token;
    private final XsWatcher watcher;
    private volatile boolean cancelled;

    WatchHandle(XenStore store, XenStoreConnection connection, String path, String token, XsWatcher watcher) {
        this.store = store;
        this.connection = connection;
        this.path = path;
        this.token = token;
        this.watcher = watcher;
    }

    /** The watched path. */
    public String path() {
        return path;
    }

    /** The token given at registration. */
    public String token() {
        return token;
    }

    /** True once cancelled. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Stops the watch; idempotent. */
    public void cancel() {
        cancelled = true;
        store.removeWatch(this);
    }

    XenStoreConnection connection() {
        return connection;
    }

    /** Delivery task body: nothing after cancel. */
    void deliver(String changedPath) {
        if (!cancelled) {
            watcher.fired(changedPath, token);
        }
    }

    @Override
    public String toString() {
        return "watch d" + connection.domid() + " " + path + " [" + token + "]";
    }
}
