package dev.netifkit.hv.xenstore;

/** Receives watch events; runs as a task on the watching domain's execution context. */
@FunctionalInterface
public interface XsWatcher {
    /**
     * A node at or under the watched path changed (or the watch was just registered: then {@code changedPath} is
     * the watched path). The event says only "look again": read the nodes you care about.
     */
    void fired(String changedPath, String token);
}
