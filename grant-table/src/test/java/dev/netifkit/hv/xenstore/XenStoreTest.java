package dev.netifkit.hv.xenstore;

import dev.netifkit.hv.sched.DeterministicScheduler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XenStoreTest {
    private final DeterministicScheduler sched = new DeterministicScheduler(0);
    private final XenStore xs = new XenStore(sched);
    private final XenStoreConnection ts = xs.toolstack();
    private final XenStoreConnection front = xs.connect(1);
    private final XenStoreConnection back = xs.connect(2);
    private final XenStoreConnection stranger = xs.connect(3);

    private static Errno errno(Runnable r) {
        return assertThrows(XenStoreException.class, r::run).errno();
    }

    @Test
    void readWriteMkdirRmDirectory() {
        assertNull(ts.read("/a"));
        ts.write("/a/b/c", "v");
        assertEquals("v", ts.read("/a/b/c"));
        assertEquals("", ts.read("/a/b"), "missing parents are created empty");
        ts.write("/a/b/a", "1");
        ts.mkdir("/a/b/z");
        assertEquals(List.of("a", "c", "z"), ts.directory("/a/b"));
        assertEquals(List.of(), ts.directory("/a/b/z"));
        assertNull(ts.directory("/nope"));
        assertTrue(ts.exists("/a/b/z"));
        ts.rm("/a/b");
        assertFalse(ts.exists("/a/b/c"));
        assertEquals(List.of(), ts.directory("/a"));
        ts.rm("/a/b"); // absent: nothing
        assertEquals(Errno.EINVAL, errno(() -> ts.rm("/")));
    }

    @Test
    void badPathsAreMisuse() {
        for (String p : new String[] {"", "a/b", "/a/", "/a//b", "/a b", "/a*", null, "/" + "x".repeat(3072)}) {
            assertThrows(IllegalArgumentException.class, () -> ts.read(p), String.valueOf(p));
        }
        ts.write("/ok_-.@:9", "fine");
        assertEquals(List.of("ok_-.@:9"), ts.directory("/"));
    }

    @Test
    void xb_frontendWritesOnlyUnderItsDevicePathAndBothReadEachOther() {
        DevicePaths dev = Toolstack.createDevice(xs, "vif", 1, 2, 0, java.util.Map.of("mac", "00:16:3e:00:00:01"),
                java.util.Map.of());
        assertEquals("/local/domain/1/device/vif/0", dev.frontend());
        assertEquals("/local/domain/2/backend/vif/1/0", dev.backend());
        assertEquals(dev.backend(), front.read(dev.frontend() + "/backend"));
        assertEquals("2", front.read(dev.frontend() + "/backend-id"));
        assertEquals("1", back.read(dev.backend() + "/online"));
        assertEquals("00:16:3e:00:00:01", back.read(dev.frontend() + "/mac"));

        front.write(dev.frontend() + "/tx-ring-ref", "8");
        assertEquals("8", back.read(dev.frontend() + "/tx-ring-ref"), "backend reads what the frontend wrote");
        back.write(dev.backend() + "/feature-sg", "1");
        assertEquals("1", front.read(dev.backend() + "/feature-sg"));

        assertEquals(Errno.EACCES, errno(() -> front.write(dev.backend() + "/state", "4")));
        assertEquals(Errno.EACCES, errno(() -> back.write(dev.frontend() + "/state", "4")));
        assertEquals(Errno.EACCES, errno(() -> front.write("/local/domain/1/device/vif/1/x", "y")),
                "outside its device path");
        assertEquals(Errno.EACCES, errno(() -> front.write("/local/domain/1/evil", "y")));
        assertEquals(Errno.EACCES, errno(() -> stranger.read(dev.frontend() + "/backend")));
        assertEquals(Errno.EACCES, errno(() -> stranger.directory(dev.backend())));
        assertEquals(Errno.EACCES, errno(() -> back.rm(dev.frontend())));
        assertFalse(stranger.exists(dev.frontend()), "exists never throws EACCES");
        assertEquals(List.of("0"), front.directory("/local/domain/1/device/vif"));

        // created nodes are owned by the writer and inherit the rest
        assertEquals(List.of(new XsPermission(1, Perm.NONE), new XsPermission(2, Perm.READ)),
                front.getPermissions(dev.frontend() + "/tx-ring-ref"));
        // the owner may change permissions but not give the node away
        front.setPermissions(dev.frontend() + "/tx-ring-ref", List.of(new XsPermission(1, Perm.NONE)));
        assertEquals(Errno.EACCES, errno(() -> back.read(dev.frontend() + "/tx-ring-ref")));
        assertEquals(Errno.EACCES, errno(() -> front.setPermissions(dev.frontend() + "/tx-ring-ref",
                List.of(new XsPermission(2, Perm.BOTH)))));
        assertEquals(Errno.EACCES, errno(() -> back.setPermissions(dev.frontend(), List.of(new XsPermission(2,
                Perm.BOTH)))));
        assertEquals(Errno.ENOENT, errno(() -> front.setPermissions(dev.frontend() + "/nope",
                List.of(new XsPermission(1, Perm.NONE)))));

        Toolstack.destroyDevice(xs, dev);
        assertFalse(ts.exists(dev.frontend()));
        assertFalse(ts.exists(dev.backend()));
    }

    @Test
    void defaultPermissionAndListedDomains() {
        ts.write("/p", "x");
        ts.setPermissions("/p", List.of(new XsPermission(5, Perm.READ), new XsPermission(6, Perm.WRITE),
                new XsPermission(7, Perm.NONE)));
        XenStoreConnection owner = xs.connect(5);
        XenStoreConnection writer = xs.connect(6);
        XenStoreConnection none = xs.connect(7);
        XenStoreConnection other = xs.connect(8);
        owner.write("/p", "owner writes");
        writer.write("/p", "w");
        assertEquals(Errno.EACCES, errno(() -> writer.read("/p")));
        assertEquals(Errno.EACCES, errno(() -> none.read("/p")));
        assertEquals("w", other.read("/p"), "unlisted domains get the first entry's right");
        assertEquals(Errno.EACCES, errno(() -> other.write("/p", "no")));
        assertEquals(Errno.EACCES, errno(() -> other.read("/unknown/x")), "absence below an unreadable node");
    }

    @Test
    void watchesFireOnRegistrationAndOnChangesAtOrUnderThePath() {
        ts.write("/dev/a/state", "1");
        ts.write("/dev/ab/state", "1");
        List<String> events = new ArrayList<>();
        WatchHandle w = ts.watch("/dev/a", "tok", (p, t) -> events.add(p + " " + t));
        sched.runUntilIdle();
        assertEquals(List.of("/dev/a tok"), events, "fires once on registration");
        ts.write("/dev/a/state", "2");
        ts.write("/dev/ab/state", "2"); // sibling with a common prefix: not under /dev/a
        ts.write("/dev/b", "x");
        ts.mkdir("/dev/a/sub/deeper");
        ts.write("/dev/a", "self");
        sched.runUntilIdle();
        assertEquals(List.of("/dev/a tok", "/dev/a/state tok", "/dev/a/sub/deeper tok", "/dev/a tok"), events);
        events.clear();
        ts.rm("/dev"); // removal of an ancestor fires the watch with its own path
        sched.runUntilIdle();
        assertEquals(List.of("/dev/a tok"), events);
        events.clear();
        w.cancel();
        ts.write("/dev/a/state", "3");
        sched.runUntilIdle();
        assertEquals(List.of(), events);
    }

    @Test
    void watchEventsRunOnTheWatchersContextAndRespectReadPermission() {
        DeterministicScheduler traced = new DeterministicScheduler(0);
        traced.setTraceEnabled(true);
        XenStore store = new XenStore(traced);
        store.toolstack().write("/secret/x", "1");
        store.toolstack().setPermissions("/secret/x", List.of(new XsPermission(0, Perm.NONE)));
        store.toolstack().write("/open/x", "1");
        store.toolstack().setPermissions("/open/x", List.of(new XsPermission(0, Perm.READ)));
        XenStoreConnection d4 = store.connect(4);
        List<String> seen = new ArrayList<>();
        d4.watch("/", "all", (p, t) -> seen.add(p));
        traced.runUntilIdle();
        store.toolstack().write("/secret/x", "2");
        store.toolstack().write("/open/x", "2");
        traced.runUntilIdle();
        assertEquals(List.of("/", "/open/x"), seen);
        assertTrue(traced.trace().stream().allMatch(l -> l.contains(" d4 xs-watch / [all]")), traced.trace()::toString);
    }

    @Test
    void transactionConflictCommitsNothing() {
        ts.write("/t/a", "1");
        ts.write("/t/b", "1");
        XsTransaction t = ts.transactionStart();
        assertEquals("1", t.read("/t/a"));
        t.write("/t/b", "from-t");
        t.write("/t/new/deep", "n");
        assertEquals("from-t", t.read("/t/b"), "a transaction sees its own writes");
        assertEquals("1", ts.read("/t/b"), "nobody else does before commit");
        assertEquals(List.of("a", "b", "new"), t.directory("/t"));
        ts.write("/t/a", "2"); // conflicting change of a node t read
        assertFalse(t.commit());
        assertEquals("1", ts.read("/t/b"));
        assertFalse(ts.exists("/t/new"));
        assertThrows(IllegalStateException.class, () -> t.read("/t/a"));
    }

    @Test
    void transactionWithoutConflictCommitsAtomicallyAndFiresWatches() {
        ts.write("/t/a", "1");
        ts.write("/u/other", "1");
        List<String> events = new ArrayList<>();
        ts.watch("/t", "w", (p, tok) -> events.add(p));
        sched.runUntilIdle();
        events.clear();
        XsTransaction t = ts.transactionStart();
        t.read("/t/a");
        t.write("/t/b", "2");
        t.rm("/t/a");
        assertNull(t.read("/t/a"));
        assertEquals(List.of("b"), t.directory("/t"));
        ts.write("/u/other", "2"); // unrelated change
        assertTrue(t.commit());
        sched.runUntilIdle();
        assertEquals("2", ts.read("/t/b"));
        assertFalse(ts.exists("/t/a"));
        assertEquals(List.of("/t/b", "/t/a"), events);
    }

    @Test
    void transactRetriesOnConflict() {
        ts.write("/counter", "0");
        int[] attempts = {0};
        String result = ts.transact(t -> {
            attempts[0]++;
            int v = Integer.parseInt(t.read("/counter"));
            if (attempts[0] < 3) {
                ts.write("/counter", Integer.toString(v + 10)); // someone else gets in first
            }
            t.write("/counter", Integer.toString(v + 1));
            return "done after " + attempts[0];
        });
        assertEquals("done after 3", result);
        assertEquals("21", ts.read("/counter"));
        int[] n = {0};
        XenStoreException e = assertThrows(XenStoreException.class, () -> ts.transact(t -> {
            t.read("/counter");
            ts.write("/counter", Integer.toString(n[0]++));
            return null;
        }));
        assertEquals(Errno.EAGAIN, e.errno());
        assertEquals(XenStoreConnection.MAX_TRANSACTION_ATTEMPTS, n[0]);
    }

    @Test
    void transactionChecksPermissionsWhenOperating() {
        ts.write("/ro", "x");
        ts.setPermissions("/ro", List.of(new XsPermission(0, Perm.READ)));
        XsTransaction t = front.transactionStart();
        assertEquals("x", t.read("/ro"));
        assertEquals(Errno.EACCES, errno(() -> t.write("/ro", "y")));
        assertEquals(Errno.EACCES, errno(() -> t.rm("/ro")));
        t.abort();
        assertTrue(t.isDone());
    }

    @Test
    void closedConnectionIsMisuse() {
        XenStoreConnection c = xs.connect(9);
        List<String> seen = new ArrayList<>();
        c.watch("/x", "t", (p, tok) -> seen.add(p));
        c.close();
        sched.runUntilIdle();
        assertEquals(List.of(), seen, "queued events of a closed connection are dropped");
        assertThrows(IllegalStateException.class, () -> c.read("/x"));
    }
}
