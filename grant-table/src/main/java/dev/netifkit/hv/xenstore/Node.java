package dev.netifkit.hv.xenstore;

import java.util.List;
import java.util.TreeMap;

/** A xenstore node; all fields guarded by the store's lock. */
final class Node {
    final String name;
    final Node parent;
    final TreeMap<String, Node> children = new TreeMap<>();
    String value = "";
    List<XsPermission> perms;
    /** Store generation of the last change of this node's value, permissions or child list. */
    long generation;

    Node(Node parent, String name, List<XsPermission> perms) {
        this.parent = parent;
        this.name = name;
        this.perms = perms;
    }
}
