package dev.netifkit.ctrl;

import dev.netifkit.hv.Frame;
import dev.netifkit.proto.CtrlStatus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * SG-3, SG-4, BK-21 as laws: random ADD/DEL_GREF_MAPPING sequences (bad entries, duplicates, over-capacity, in-flight
 * grefs, read-only grants, bad queues) sent through the {@link CtrlClient} to a real {@link CtrlBackend}, checked
 * after every step against a plain model: a set of (gref, read-only) per queue, the capacity, and the in-flight
 * marks. Global invariants: the backend holds exactly one mapping per table entry plus the ring, the client holds
 * no grant between requests. A failure prints the seed and the shrunk op sequence; replay with -Dnetifkit.seed=N.
 */
class GrefMappingPropertyTest {
    private static final int QUEUES = 2;
    private static final int POOL = 20;
    /** Bad entries: never allocated, reserved, 0xFFFFFFFF, granted to another domain (index 3). */
    private static final int BOGUS = 4;
    private static final int OK = CtrlStatus.SUCCESS.code();
    private static final int INVALID = CtrlStatus.INVALID_PARAMETER.code();

    private enum Seen { ADD_OK, DEL_OK, DUP_IN_TABLE, DUP_IN_LIST, OVER_CAPACITY, UNMAPPABLE, RO_REFUSED_WRITABLE,
        IN_FLIGHT_KEPT, POSTED_KEPT, NEVER_ADDED, BAD_QUEUE, FULL_TABLE }

    private static final Map<Seen, Integer> COVERAGE = new EnumMap<>(Seen.class);

    // ------------------------------------------------------------------ ops as data (so they can be shrunk)

    private sealed interface Op permits Add, Del, Mark, Clear, Size {
    }

    /** entries: ≥ 0 a pool index, &lt; 0 the bogus entry −1 − k. */
    private record Add(int queue, int[] entries, boolean[] ro) implements Op {
        @Override
        public String toString() {
            return "ADD(q" + queue + ", " + Arrays.toString(entries) + ", ro " + Arrays.toString(ro) + ")";
        }
    }

    private record Del(int queue, int[] entries) implements Op {
        @Override
        public String toString() {
            return "DEL(q" + queue + ", " + Arrays.toString(entries) + ")";
        }
    }

    private record Mark(int queue, int pool, boolean posted) implements Op {
    }

    private record Clear(int queue, int pool) implements Op {
    }

    private record Size(int queue) implements Op {
    }

    private static int queue(SplittableRandom r) {
        int x = r.nextInt(20);
        return x == 0 ? QUEUES : x == 1 ? -1 : x % QUEUES;
    }

    private static int entry(SplittableRandom r) {
        return r.nextInt(12) == 0 ? -1 - r.nextInt(BOGUS) : r.nextInt(POOL);
    }

    private static List<Op> generate(SplittableRandom r, int capacity, int n) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = r.nextInt(10);
            if (kind < 4) {
                int count = r.nextInt(8) == 0 ? capacity + 1 + r.nextInt(2) : r.nextInt(Math.min(6, capacity) + 1);
                int[] e = new int[count];
                boolean[] ro = new boolean[count];
                for (int k = 0; k < count; k++) {
                    e[k] = entry(r);
                    ro[k] = r.nextInt(3) == 0;
                }
                if (count > 1 && r.nextInt(6) == 0) {
                    e[count - 1] = e[0]; // repeated within the list
                }
                ops.add(new Add(queue(r), e, ro));
            } else if (kind < 7) {
                int count = r.nextInt(6);
                int[] e = new int[count];
                for (int k = 0; k < count; k++) {
                    e[k] = entry(r);
                }
                ops.add(new Del(queue(r), e));
            } else if (kind < 8) {
                ops.add(new Mark(r.nextInt(QUEUES), r.nextInt(POOL), r.nextBoolean()));
            } else if (kind < 9) {
                ops.add(new Clear(r.nextInt(QUEUES), r.nextInt(POOL)));
            } else {
                ops.add(new Size(queue(r)));
            }
        }
        return ops;
    }

    // ------------------------------------------------------------------ the run

    private record Setup(int capacity, boolean[] poolReadonly) {
    }

    private static Setup setup(SplittableRandom r) {
        boolean[] ro = new boolean[POOL];
        for (int i = 0; i < POOL; i++) {
            ro[i] = r.nextInt(4) == 0;
        }
        return new Setup(new int[] {4, 8, 16}[r.nextInt(3)], ro);
    }

    @TestFactory
    Stream<DynamicTest> sg3_sg4_bk21_randomAddDelSequencesMatchThePlainModel() {
        long[] seeds = Seeds.seeds(30, 0x5_7A61_4E6L);
        Stream<DynamicTest> runs = LongStream.of(seeds).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            SplittableRandom r = new SplittableRandom(seed);
            Setup s = setup(r);
            List<Op> ops = generate(r, s.capacity, 60);
            String failure = run(s, ops, true);
            if (failure != null) {
                List<Op> shrunk = shrink(s, ops);
                fail(Seeds.replayHint(seed) + ": capacity " + s.capacity + ", read-only pool grants "
                        + Arrays.toString(s.poolReadonly) + "\n  failure: " + run(s, shrunk, false)
                        + "\n  shrunk ops (" + shrunk.size() + " of " + ops.size() + "): " + shrunk);
            }
        }));
        if (seeds.length == 1) {
            return runs; // a replay: no coverage check
        }
        return Stream.concat(runs, Stream.of(DynamicTest.dynamicTest("coverage", () -> {
            for (Seen c : Seen.values()) {
                if (COVERAGE.getOrDefault(c, 0) == 0) {
                    fail("coverage: " + c + " never came up: " + COVERAGE);
                }
            }
        })));
    }

    /** Greedy: drop one op at a time while the sequence still fails (bounded). */
    private static List<Op> shrink(Setup s, List<Op> ops) {
        List<Op> cur = new ArrayList<>(ops);
        // First the shortest failing prefix.
        for (int n = 1; n <= cur.size(); n++) {
            if (run(s, cur.subList(0, n), false) != null) {
                cur = new ArrayList<>(cur.subList(0, n));
                break;
            }
        }
        int budget = 300;
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            for (int i = cur.size() - 2; i >= 0 && budget > 0; i--, budget--) {
                List<Op> candidate = new ArrayList<>(cur);
                candidate.remove(i);
                if (run(s, candidate, false) != null) {
                    cur = candidate;
                    progress = true;
                }
            }
        }
        return cur;
    }

    /** Runs the ops on a fresh rig; returns a description of the first disagreement, or null. */
    private static String run(Setup s, List<Op> ops, boolean countCoverage) {
        try (CtrlRig rig = CtrlRig.builder().queues(QUEUES).capacity(s.capacity).build()) {
            int[] pool = new int[POOL];
            for (int i = 0; i < POOL; i++) {
                pool[i] = rig.grantPage(new byte[] {(byte) i}, s.poolReadonly[i]);
            }
            rig.hv.createDomain(2, "other");
            Frame otherFrame = rig.front.allocateFrame();
            int otherGref = rig.front.grantTable().allocateRef();
            rig.front.grantTable().grantAccess(otherGref, 2, otherFrame, false);
            int[] bogus = {4000, 3, -1, otherGref};

            Model m = new Model(s.capacity, s.poolReadonly, pool);
            try {
                for (int step = 0; step < ops.size(); step++) {
                    String err = step(rig, m, ops.get(step), pool, bogus, countCoverage);
                    if (err == null) {
                        err = invariants(rig, m);
                    }
                    if (err != null) {
                        return "step " + step + " " + ops.get(step) + ": " + err;
                    }
                }
                return null;
            } finally {
                // Clear every mark so close() sees a quiescent datapath, then release the foreign grant.
                for (int q = 0; q < QUEUES; q++) {
                    GrefMappingTable t = rig.tables[q];
                    for (int g : t.grefs()) {
                        int e = t.find(g);
                        while (t.inFlight(e) > 0) {
                            t.clearInFlight(e);
                        }
                    }
                }
                rig.front.grantTable().endAccess(otherGref);
                rig.front.grantTable().freeRef(otherGref);
                rig.front.freeFrame(otherFrame);
            }
        } catch (AssertionError | RuntimeException e) {
            return "threw " + e;
        }
    }

    private static int gref(int entry, int[] pool, int[] bogus) {
        return entry >= 0 ? pool[entry] : bogus[-1 - entry];
    }

    private static String step(CtrlRig rig, Model m, Op op, int[] pool, int[] bogus, boolean cov) {
        if (op instanceof Add a) {
            int[] grefs = Arrays.stream(a.entries).map(e -> gref(e, pool, bogus)).toArray();
            Expected want = m.add(a, cov);
            CtrlResult got = rig.await(cb -> rig.client.addGrefMappings(a.queue, grefs, a.ro, cb));
            return compare(want, got);
        }
        if (op instanceof Del d) {
            int[] grefs = Arrays.stream(d.entries).map(e -> gref(e, pool, bogus)).toArray();
            Expected want = m.del(d, grefs, cov);
            CtrlResult got = rig.await(cb -> rig.client.delGrefMappings(d.queue, grefs, cb));
            return compare(want, got);
        }
        if (op instanceof Mark k) {
            int g = pool[k.pool];
            if (k.posted) {
                rig.posted.add(CtrlRig.key(k.queue, g));
                m.posted.add(CtrlRig.key(k.queue, g));
            } else if (m.tables.get(k.queue).containsKey(g)) {
                GrefMappingTable t = rig.tables[k.queue];
                t.markInFlight(t.find(g));
                m.inFlight.merge(CtrlRig.key(k.queue, g), 1, Integer::sum);
            }
            return null;
        }
        if (op instanceof Clear c) {
            int g = pool[c.pool];
            long key = CtrlRig.key(c.queue, g);
            if (m.inFlight.getOrDefault(key, 0) > 0) {
                GrefMappingTable t = rig.tables[c.queue];
                t.clearInFlight(t.find(g));
                m.inFlight.merge(key, -1, Integer::sum);
            } else {
                rig.posted.remove(key);
                m.posted.remove(key);
            }
            return null;
        }
        Size z = (Size) op;
        boolean ok = z.queue >= 0 && z.queue < QUEUES;
        Expected want = new Expected(ok ? OK : INVALID, ok ? m.capacity : 0, null);
        return compare(want, rig.await(cb -> rig.client.getGrefMappingSize(z.queue, cb)));
    }

    private record Expected(int status, int data, int[] statuses) {
    }

    private static String compare(Expected want, CtrlResult got) {
        if (got.timedOut() || got.rawStatus() != want.status || got.data() != want.data
                || (want.statuses != null && !Arrays.equals(want.statuses, got.entryStatuses()))) {
            return "expected status " + want.status + " data " + want.data
                    + (want.statuses == null ? "" : " statuses " + Arrays.toString(want.statuses)) + ", got " + got;
        }
        return null;
    }

    private static String invariants(CtrlRig rig, Model m) {
        int mapped = 0;
        for (int q = 0; q < QUEUES; q++) {
            GrefMappingTable t = rig.tables[q];
            TreeMap<Integer, Boolean> want = new TreeMap<>(Integer::compareUnsigned);
            want.putAll(m.tables.get(q));
            int[] wantGrefs = want.keySet().stream().mapToInt(Integer::intValue).toArray();
            if (!Arrays.equals(wantGrefs, t.grefs())) {
                return "queue " + q + " table " + Arrays.toString(t.grefs()) + ", model " + want;
            }
            for (Map.Entry<Integer, Boolean> e : want.entrySet()) {
                int entry = t.find(e.getKey());
                if (t.readonly(entry) != e.getValue()) {
                    return "queue " + q + " gref " + e.getKey() + " read-only " + t.readonly(entry);
                }
                if (t.inFlight(entry) != m.inFlight.getOrDefault(CtrlRig.key(q, e.getKey()), 0)) {
                    return "queue " + q + " gref " + e.getKey() + " in flight " + t.inFlight(entry);
                }
            }
            mapped += want.size();
        }
        if (rig.back.activeMappingCount() != mapped + 1) {
            return "backend holds " + rig.back.activeMappingCount() + " mappings, expected " + (mapped + 1);
        }
        if (rig.client.grantsHeld() != 0 || rig.client.pending() != 0 || rig.client.protocolErrors() != 0) {
            return "client " + rig.client;
        }
        return null;
    }

    // ------------------------------------------------------------------ the plain model

    private static final class Model {
        final int capacity;
        final boolean[] poolReadonly;
        final int[] pool;
        final List<Map<Integer, Boolean>> tables = new ArrayList<>();
        final Map<Long, Integer> inFlight = new HashMap<>();
        final Set<Long> posted = new HashSet<>();

        Model(int capacity, boolean[] poolReadonly, int[] pool) {
            this.capacity = capacity;
            this.poolReadonly = poolReadonly;
            this.pool = pool;
            for (int q = 0; q < QUEUES; q++) {
                tables.add(new HashMap<>());
            }
        }

        private static void see(boolean cov, Seen s) {
            if (cov) {
                COVERAGE.merge(s, 1, Integer::sum);
            }
        }

        Expected add(Add a, boolean cov) {
            if (a.queue < 0 || a.queue >= QUEUES) {
                see(cov, Seen.BAD_QUEUE);
                return new Expected(INVALID, 0, null);
            }
            Map<Integer, Boolean> t = tables.get(a.queue);
            int n = a.entries.length;
            if (t.size() + n > capacity) {
                see(cov, Seen.OVER_CAPACITY);
                if (t.size() == capacity) {
                    see(cov, Seen.FULL_TABLE);
                }
                return new Expected(INVALID, 0, null);
            }
            if (n == 0) {
                return new Expected(OK, 0, null);
            }
            Set<Integer> inList = new HashSet<>();
            boolean dupTable = false;
            boolean dupList = false;
            boolean unmappable = false;
            for (int i = 0; i < n; i++) {
                int e = a.entries[i];
                dupList |= !inList.add(e);
                if (e < 0) {
                    unmappable = true;
                    continue;
                }
                dupTable |= t.containsKey(pool[e]);
                if (poolReadonly[e] && !a.ro[i]) {
                    unmappable = true;
                    see(cov, Seen.RO_REFUSED_WRITABLE);
                }
            }
            if (dupTable || dupList || unmappable) {
                see(cov, dupTable ? Seen.DUP_IN_TABLE : dupList ? Seen.DUP_IN_LIST : Seen.UNMAPPABLE);
                return new Expected(INVALID, 0, null);
            }
            for (int i = 0; i < n; i++) {
                t.put(pool[a.entries[i]], a.ro[i]);
            }
            see(cov, Seen.ADD_OK);
            if (t.size() == capacity) {
                see(cov, Seen.FULL_TABLE);
            }
            return new Expected(OK, 0, null);
        }

        Expected del(Del d, int[] grefs, boolean cov) {
            if (d.queue < 0 || d.queue >= QUEUES) {
                see(cov, Seen.BAD_QUEUE);
                return new Expected(INVALID, 0, null);
            }
            Map<Integer, Boolean> t = tables.get(d.queue);
            int[] statuses = new int[grefs.length];
            int removed = 0;
            for (int i = 0; i < grefs.length; i++) {
                long key = CtrlRig.key(d.queue, grefs[i]);
                boolean held = inFlight.getOrDefault(key, 0) > 0;
                boolean isPosted = posted.contains(key);
                if (t.containsKey(grefs[i]) && !held && !isPosted) {
                    t.remove(grefs[i]);
                    removed++;
                    statuses[i] = OK;
                    see(cov, Seen.DEL_OK);
                } else {
                    statuses[i] = INVALID;
                    if (!t.containsKey(grefs[i])) {
                        see(cov, Seen.NEVER_ADDED);
                    } else {
                        see(cov, held ? Seen.IN_FLIGHT_KEPT : Seen.POSTED_KEPT);
                    }
                }
            }
            return new Expected(OK, removed, statuses);
        }

        @Override
        public String toString() {
            return "Model" + tables + " in flight " + inFlight + " posted " + Objects.toString(posted);
        }
    }
}
