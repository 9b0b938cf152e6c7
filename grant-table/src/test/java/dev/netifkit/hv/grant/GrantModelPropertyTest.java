package dev.netifkit.hv.grant;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Fixtures;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.TestSeeds;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * GNT-1..GNT-4 as a law: random sequences of grant, end access, copy batches, map/unmap batches, writes through
 * views and guest writes, checked after every step against a plain model of who may touch what — each op's
 * status, every byte of every frame, every counter, and "GTF_reading/writing set iff mapped".
 *
 * <p>Steps are drawn from a seed up front as raw numbers and interpreted against the state, so any prefix of a
 * failing sequence replays; a failure prints the seed and the shortest failing prefix. Replay one seed with
 * {@code -Dnetifkit.seed=N}.
 */
class GrantModelPropertyTest {
    private static final int SEEDS = 120;
    private static final int STEPS = 250;
    private static final int[] DOMIDS = {1, 2, 3};
    private static final int FRAMES = 3;
    private static final int ABSENT = 7;

    private static final int GRANT = 0;
    private static final int END = 1;
    private static final int COPY = 2;
    private static final int MAP = 3;
    private static final int UNMAP = 4;
    private static final int VIEW_WRITE = 5;
    private static final int GUEST_WRITE = 6;
    private static final int FREE_GRANTED = 7;
    private static final int[] KIND_WEIGHTS = {16, 8, 30, 16, 12, 8, 6, 2};

    /** What the whole run must have exercised, or the generators are too weak to mean anything. */
    private static final class Coverage {
        final TreeSet<Integer> copyStatuses = new TreeSet<>();
        final TreeSet<Integer> mapStatuses = new TreeSet<>();
        final TreeSet<Integer> unmapStatuses = new TreeSet<>();
        int endRefused;
        int readOnlyWritesRejected;
        int boundaryCopies;
    }

    /** One step: its kind and the raw numbers its interpretation draws from. */
    record Step(int kind, int[] r) {
    }

    @TestFactory
    Stream<DynamicTest> gnt1to4_randomGrantOpsAgainstModel() {
        long[] seeds = TestSeeds.seeds(0x6e65746966L, SEEDS);
        Coverage coverage = new Coverage();
        Stream<DynamicTest> runs = Arrays.stream(seeds)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> check(seed, coverage)));
        if (TestSeeds.replaying()) {
            return runs;
        }
        return Stream.concat(runs, Stream.of(DynamicTest.dynamicTest("coverage", () -> checkCoverage(coverage))));
    }

    private static void checkCoverage(Coverage c) {
        List<Integer> copyWanted = List.of(GntStatus.OKAY, GntStatus.GENERAL_ERROR, GntStatus.BAD_DOMAIN,
                GntStatus.BAD_GNTREF, GntStatus.PERMISSION_DENIED, GntStatus.BAD_PAGE, GntStatus.BAD_COPY_ARG);
        List<Integer> mapWanted = List.of(GntStatus.OKAY, GntStatus.GENERAL_ERROR, GntStatus.BAD_DOMAIN,
                GntStatus.BAD_GNTREF, GntStatus.PERMISSION_DENIED);
        if (!c.copyStatuses.containsAll(copyWanted) || !c.mapStatuses.containsAll(mapWanted)
                || !c.unmapStatuses.containsAll(List.of(GntStatus.OKAY, GntStatus.BAD_HANDLE))
                || c.endRefused == 0 || c.readOnlyWritesRejected == 0 || c.boundaryCopies == 0) {
            fail("generators too weak: copy " + c.copyStatuses + ", map " + c.mapStatuses + ", unmap "
                    + c.unmapStatuses + ", end refused " + c.endRefused + ", read-only writes rejected "
                    + c.readOnlyWritesRejected + ", copies ending at 4096 " + c.boundaryCopies);
        }
    }

    private static void check(long seed, Coverage coverage) {
        List<Step> steps = generate(seed);
        Run full = new Run(steps.size(), steps, coverage);
        Throwable failure = full.execute();
        if (failure == null) {
            return;
        }
        // shrink: the shortest prefix that still fails (per-step checks make this the first failing step,
        // end-of-run checks may fail earlier prefixes too)
        Run shortest = full;
        for (int n = 1; n <= full.failedAt + 1; n++) {
            Run r = new Run(n, steps, new Coverage());
            if (r.execute() != null) {
                shortest = r;
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(seed).append(" (").append(TestSeeds.replayHint(seed)).append("): failed at step ")
                .append(shortest.failedAt).append(" of the shortest failing prefix (").append(shortest.length)
                .append(" steps):\n");
        for (String line : shortest.log) {
            sb.append("  ").append(line).append('\n');
        }
        sb.append("cause: ").append(shortest.failure);
        throw new AssertionError(sb.toString(), shortest.failure);
    }

    private static List<Step> generate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int total = 0;
        for (int w : KIND_WEIGHTS) {
            total += w;
        }
        List<Step> steps = new ArrayList<>(STEPS);
        for (int i = 0; i < STEPS; i++) {
            int x = rnd.nextInt(total);
            int kind = 0;
            while (x >= KIND_WEIGHTS[kind]) {
                x -= KIND_WEIGHTS[kind++];
            }
            int[] r = new int[40];
            for (int j = 0; j < r.length; j++) {
                r[j] = rnd.nextInt();
            }
            steps.add(new Step(kind, r));
        }
        return steps;
    }

    /** One model grant. */
    private static final class ModelGrant {
        final int grantee;
        final int frame;
        final boolean readonly;
        int maps;

        ModelGrant(int grantee, int frame, boolean readonly) {
            this.grantee = grantee;
            this.frame = frame;
            this.readonly = readonly;
        }
    }

    /** One model mapping. */
    private record ModelMap(int granter, int ref, boolean readonly) {
    }

    /** Model counters of one domain. */
    private static final class ModelCounters {
        long hypercalls;
        long copyOps;
        long copyBytes;
        long copyFailures;
        long maps;
        long unmaps;
        long flushes;

        CounterSnapshot snapshot() {
            return new CounterSnapshot(hypercalls, copyOps, copyBytes, copyFailures, maps, unmaps, flushes, 0, 0, 0, 0);
        }
    }

    /** A pointer into the step's random numbers. */
    private static final class Draw {
        private final int[] r;
        private int i;

        Draw(int[] r) {
            this.r = r;
        }

        int next() {
            return r[i++ % r.length];
        }

        int below(int n) {
            return Math.floorMod(next(), n);
        }

        boolean chance(int percent) {
            return below(100) < percent;
        }
    }

    /** One execution of a prefix of the steps against a fresh hypervisor and model. */
    private static final class Run {
        final int length;
        final List<Step> steps;
        final Coverage coverage;
        final List<String> log = new ArrayList<>();
        int failedAt = -1;
        Throwable failure;

        final Hypervisor hv = Fixtures.hypervisor();
        final Domain[] dom = new Domain[DOMIDS.length];
        final Frame[][] frames = new Frame[DOMIDS.length][FRAMES];
        final byte[][][] mem = new byte[DOMIDS.length][FRAMES][Frame.SIZE];
        final List<Map<Integer, ModelGrant>> granted = new ArrayList<>();
        final List<List<Integer>> allocatedIdle = new ArrayList<>();
        final List<Map<Integer, ModelMap>> mappings = new ArrayList<>();
        final List<List<Integer>> staleHandles = new ArrayList<>();
        final ModelCounters[] counters = new ModelCounters[DOMIDS.length];
        final GrantCopyBatch copyBatch = new GrantCopyBatch(4);
        final GrantMapBatch mapBatch = new GrantMapBatch(4);

        Run(int length, List<Step> steps, Coverage coverage) {
            this.length = length;
            this.steps = steps;
            this.coverage = coverage;
            SplittableRandom fillRandom = new SplittableRandom(42);
            for (int d = 0; d < DOMIDS.length; d++) {
                dom[d] = hv.createDomain(DOMIDS[d], "d" + DOMIDS[d]);
                granted.add(new HashMap<>());
                allocatedIdle.add(new ArrayList<>());
                mappings.add(new LinkedHashMap<>());
                staleHandles.add(new ArrayList<>());
                counters[d] = new ModelCounters();
                for (int f = 0; f < FRAMES; f++) {
                    frames[d][f] = dom[d].allocateFrame();
                    fillRandom.nextBytes(mem[d][f]);
                    frames[d][f].buf().setBytes(0, mem[d][f]);
                }
            }
        }

        Throwable execute() {
            int i = 0;
            try {
                for (; i < length; i++) {
                    Step s = steps.get(i);
                    apply(s.kind(), new Draw(s.r()));
                    checkInvariants();
                }
                i = length - 1;
                checkFinal();
                return null;
            } catch (Throwable t) {
                failedAt = i;
                failure = t;
                return t;
            }
        }

        private void expect(boolean condition, String what) {
            if (!condition) {
                throw new AssertionError(what);
            }
        }

        private void apply(int kind, Draw d) {
            switch (kind) {
                case GRANT -> grant(d);
                case END -> end(d);
                case COPY -> copy(d);
                case MAP -> map(d);
                case UNMAP -> unmap(d);
                case VIEW_WRITE -> viewWrite(d);
                case GUEST_WRITE -> guestWrite(d);
                case FREE_GRANTED -> freeGranted(d);
                default -> throw new IllegalStateException("kind " + kind);
            }
        }

        // ------------------------------------------------------------ steps

        private void grant(Draw d) {
            int g = d.below(2); // A and B grant
            GrantTable gt = dom[g].grantTable();
            int ref;
            List<Integer> idle = allocatedIdle.get(g);
            if (!idle.isEmpty() && d.chance(40)) {
                ref = idle.remove(d.below(idle.size()));
            } else {
                ref = gt.allocateRef();
                expect(ref >= 8, "allocateRef gave " + ref);
                expect(!granted.get(g).containsKey(ref), "allocateRef gave granted ref " + ref);
            }
            int grantee = d.chance(10) ? ABSENT : DOMIDS[d.below(3)];
            int frame = d.below(FRAMES);
            boolean ro = d.chance(35);
            log.add("d" + DOMIDS[g] + " grants ref " + ref + " -> d" + grantee + " frame " + frame + (ro ? " ro" : ""));
            gt.grantAccess(ref, grantee, frames[g][frame], ro);
            granted.get(g).put(ref, new ModelGrant(grantee, frame, ro));
        }

        private void end(Draw d) {
            int g = d.below(2);
            Map<Integer, ModelGrant> gm = granted.get(g);
            if (gm.isEmpty()) {
                return;
            }
            List<Integer> refs = new ArrayList<>(new TreeSet<>(gm.keySet()));
            int ref = refs.get(d.below(refs.size()));
            ModelGrant mg = gm.get(ref);
            boolean ok = dom[g].grantTable().endAccess(ref);
            log.add("d" + DOMIDS[g] + " endAccess " + ref + " -> " + ok);
            expect(ok == (mg.maps == 0), "endAccess(" + ref + ") = " + ok + " with " + mg.maps + " mappings");
            if (!ok) {
                coverage.endRefused++;
                return;
            }
            gm.remove(ref);
            if (d.chance(50)) {
                dom[g].grantTable().freeRef(ref);
            } else {
                allocatedIdle.get(g).add(ref);
            }
        }

        private int domidFor(Draw d) {
            int x = d.below(16);
            if (x < 5) {
                return 1;
            } else if (x < 10) {
                return 2;
            } else if (x < 12) {
                return 3;
            } else if (x == 12) {
                return ABSENT;
            } else if (x == 13) {
                return new int[] {-1, 0x7FF0, 0xFFFF, Integer.MIN_VALUE, 0}[d.below(5)];
            }
            return 1;
        }

        private int refFor(int domid, Draw d) {
            int di = index(domid);
            int x = d.below(16);
            if (di >= 0 && x < 9 && !granted.get(di).isEmpty()) {
                List<Integer> refs = new ArrayList<>(new TreeSet<>(granted.get(di).keySet()));
                return refs.get(d.below(refs.size()));
            }
            if (di >= 0 && x < 11 && !allocatedIdle.get(di).isEmpty()) {
                return allocatedIdle.get(di).get(d.below(allocatedIdle.get(di).size()));
            }
            return switch (x) {
                case 11 -> d.below(8);
                case 12 -> 511 + d.below(2);
                case 13 -> new int[] {-1, Integer.MIN_VALUE, Integer.MAX_VALUE}[d.below(3)];
                default -> d.below(512);
            };
        }

        private int offsetFor(Draw d) {
            return switch (d.below(12)) {
                case 0 -> 0;
                case 1 -> 4095;
                case 2 -> 4096;
                case 3 -> -1;
                case 4 -> 1;
                case 5 -> new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 8192}[d.below(3)];
                default -> d.below(4096);
            };
        }

        private int lenFor(Draw d, int srcOff, int dstOff) {
            int hi = Math.max(srcOff, dstOff);
            return switch (d.below(12)) {
                case 0 -> 0;
                case 1 -> 4096;
                case 2 -> 4097;
                case 3 -> -1;
                case 4 -> 4096 - hi;
                case 5 -> 4097 - hi;
                case 6 -> Integer.MAX_VALUE;
                default -> 1 + d.below(300);
            };
        }

        /** A local frame for {@code caller}: usually its own, sometimes another domain's (BAD_PAGE). */
        private int[] localFor(int caller, Draw d) {
            int owner = d.chance(12) ? (caller + 1 + d.below(2)) % 3 : caller;
            return new int[] {owner, d.below(FRAMES)};
        }

        private void copy(Draw d) {
            int caller = d.below(3);
            int ops = 1 + d.below(3);
            copyBatch.clear();
            int[][] spec = new int[ops][];
            for (int i = 0; i < ops; i++) {
                int kind = d.below(4);
                boolean srcGref = kind == 0 || kind == 2;
                boolean dstGref = kind == 1 || kind == 2;
                int srcDom = srcGref ? domidFor(d) : 0;
                int srcRef = srcGref ? refFor(srcDom, d) : 0;
                int[] srcLocal = srcGref ? null : localFor(caller, d);
                int dstDom = dstGref ? domidFor(d) : 0;
                int dstRef = dstGref ? refFor(dstDom, d) : 0;
                int[] dstLocal = dstGref ? null : localFor(caller, d);
                int srcOff = offsetFor(d);
                int dstOff = offsetFor(d);
                int len = lenFor(d, srcOff, dstOff);
                Frame sf = srcGref ? null : frames[srcLocal[0]][srcLocal[1]];
                Frame df = dstGref ? null : frames[dstLocal[0]][dstLocal[1]];
                switch (kind) {
                    case 0 -> copyBatch.addFromGref(srcDom, srcRef, srcOff, df, dstOff, len);
                    case 1 -> copyBatch.addToGref(sf, srcOff, dstDom, dstRef, dstOff, len);
                    case 2 -> copyBatch.addGrefToGref(srcDom, srcRef, srcOff, dstDom, dstRef, dstOff, len);
                    default -> copyBatch.addLocal(sf, srcOff, df, dstOff, len);
                }
                spec[i] = new int[] {kind, srcDom, srcRef, srcLocal == null ? -1 : srcLocal[0],
                    srcLocal == null ? -1 : srcLocal[1], dstDom, dstRef, dstLocal == null ? -1 : dstLocal[0],
                    dstLocal == null ? -1 : dstLocal[1], srcOff, dstOff, len};
            }
            int failures = dom[caller].grantCopy(copyBatch);
            ModelCounters mc = counters[caller];
            mc.hypercalls++;
            mc.copyOps += ops;
            int expectedFailures = 0;
            for (int i = 0; i < ops; i++) {
                int[] s = spec[i];
                int want = copyModel(caller, s);
                int got = copyBatch.status(i);
                log.add("d" + DOMIDS[caller] + " copy " + describe(s) + " -> " + GntStatus.name(got));
                expect(got == want, "copy op " + i + " status " + GntStatus.name(got) + ", model says "
                        + GntStatus.name(want));
                coverage.copyStatuses.add(got);
                if (want == GntStatus.OKAY) {
                    mc.copyBytes += s[11];
                    if (Math.max(s[9], s[10]) + s[11] == 4096 && s[11] > 0) {
                        coverage.boundaryCopies++;
                    }
                } else {
                    expectedFailures++;
                    mc.copyFailures++;
                }
            }
            expect(failures == expectedFailures, "grantCopy returned " + failures + ", model " + expectedFailures);
        }

        private static String describe(int[] s) {
            String src = s[0] == 0 || s[0] == 2 ? "d" + s[1] + ":g" + s[2] : "local d" + DOMIDS[s[3]] + "#" + s[4];
            String dst = s[0] == 1 || s[0] == 2 ? "d" + s[5] + ":g" + s[6] : "local d" + DOMIDS[s[7]] + "#" + s[8];
            return src + "@" + s[9] + " -> " + dst + "@" + s[10] + " len " + s[11];
        }

        /** The model of one copy op: its status, and (when OKAY) the bytes moved in the model memory. */
        private int copyModel(int caller, int[] s) {
            boolean srcGref = s[0] == 0 || s[0] == 2;
            boolean dstGref = s[0] == 1 || s[0] == 2;
            int sd = srcGref ? index(s[1]) : -1;
            int dd = dstGref ? index(s[5]) : -1;
            if (srcGref && sd < 0 || dstGref && dd < 0) {
                return GntStatus.BAD_DOMAIN;
            }
            if (srcGref && (s[2] < 0 || s[2] >= 512) || dstGref && (s[6] < 0 || s[6] >= 512)) {
                return GntStatus.BAD_GNTREF;
            }
            if (srcGref) {
                int st = access(sd, s[2], caller, false);
                if (st != GntStatus.OKAY) {
                    return st;
                }
            }
            if (dstGref) {
                int st = access(dd, s[6], caller, true);
                if (st != GntStatus.OKAY) {
                    return st;
                }
            }
            long len = s[11];
            long so = s[9];
            long dof = s[10];
            if (len < 0 || len > 4096 || so < 0 || so + len > 4096 || dof < 0 || dof + len > 4096) {
                return GntStatus.BAD_COPY_ARG;
            }
            if (!srcGref && s[3] != caller || !dstGref && s[7] != caller) {
                return GntStatus.BAD_PAGE;
            }
            byte[] from = srcGref ? mem[sd][granted.get(sd).get(s[2]).frame] : mem[s[3]][s[4]];
            byte[] to = dstGref ? mem[dd][granted.get(dd).get(s[6]).frame] : mem[s[7]][s[8]];
            System.arraycopy(from, s[9], to, s[10], s[11]);
            return GntStatus.OKAY;
        }

        /** GNT-2: may {@code caller} read (write) {@code ref} of granter index {@code g}? */
        private int access(int g, int ref, int caller, boolean write) {
            ModelGrant mg = granted.get(g).get(ref);
            if (mg == null) {
                return GntStatus.GENERAL_ERROR;
            }
            if (mg.grantee != DOMIDS[caller]) {
                return GntStatus.PERMISSION_DENIED;
            }
            if (write && mg.readonly) {
                return GntStatus.PERMISSION_DENIED;
            }
            return GntStatus.OKAY;
        }

        private void map(Draw d) {
            int caller = d.below(3);
            int ops = 1 + d.below(3);
            boolean batched = d.chance(50);
            mapBatch.clear();
            int[][] spec = new int[ops][];
            for (int i = 0; i < ops; i++) {
                int g = domidFor(d);
                int ref = refFor(g, d);
                boolean ro = d.chance(50);
                spec[i] = new int[] {g, ref, ro ? 1 : 0};
                mapBatch.add(g, ref, ro);
            }
            int[] results = new int[ops];
            if (batched) {
                dom[caller].mapGrants(mapBatch);
                counters[caller].hypercalls++;
                for (int i = 0; i < ops; i++) {
                    results[i] = mapBatch.handle(i);
                }
            } else {
                for (int i = 0; i < ops; i++) {
                    results[i] = dom[caller].mapGrant(spec[i][0], spec[i][1], spec[i][2] == 1);
                    counters[caller].hypercalls++;
                }
            }
            for (int i = 0; i < ops; i++) {
                int g = index(spec[i][0]);
                int ref = spec[i][1];
                boolean ro = spec[i][2] == 1;
                int want;
                if (g < 0) {
                    want = GntStatus.BAD_DOMAIN;
                } else if (ref < 0 || ref >= 512) {
                    want = GntStatus.BAD_GNTREF;
                } else {
                    want = access(g, ref, caller, !ro);
                }
                int got = results[i];
                log.add("d" + DOMIDS[caller] + (batched ? " mapGrants " : " mapGrant ") + "d" + spec[i][0] + ":g" + ref
                        + (ro ? " ro" : " rw") + " -> " + (got >= 0 ? "handle " + got : GntStatus.name(got)));
                int gotStatus = got >= 0 ? GntStatus.OKAY : got;
                expect(gotStatus == want, "map status " + GntStatus.name(gotStatus) + ", model says "
                        + GntStatus.name(want));
                coverage.mapStatuses.add(gotStatus);
                if (got >= 0) {
                    expect(!mappings.get(caller).containsKey(got), "handle " + got + " handed out twice");
                    mappings.get(caller).put(got, new ModelMap(g, ref, ro));
                    granted.get(g).get(ref).maps++;
                    counters[caller].maps++;
                }
            }
        }

        private int handleFor(int caller, Draw d) {
            int x = d.below(8);
            List<Integer> live = new ArrayList<>(mappings.get(caller).keySet());
            if (x < 5 && !live.isEmpty()) {
                return live.get(d.below(live.size()));
            }
            if (x == 5 && !staleHandles.get(caller).isEmpty()) {
                return staleHandles.get(caller).get(d.below(staleHandles.get(caller).size()));
            }
            if (x == 6) {
                List<Integer> theirs = new ArrayList<>(mappings.get((caller + 1) % 3).keySet());
                if (!theirs.isEmpty()) {
                    return theirs.get(d.below(theirs.size()));
                }
            }
            return d.chance(50) ? d.next() : d.below(8);
        }

        private void unmap(Draw d) {
            int caller = d.below(3);
            int n = 1 + d.below(3);
            int[] handles = new int[n];
            for (int i = 0; i < n; i++) {
                handles[i] = handleFor(caller, d);
            }
            int[] status = new int[n];
            boolean batched = n > 1 || d.chance(50);
            if (batched) {
                dom[caller].unmapGrants(handles, n, status);
                counters[caller].hypercalls++;
            } else {
                status[0] = dom[caller].unmapGrant(handles[0]);
                counters[caller].hypercalls++;
            }
            int ok = 0;
            for (int i = 0; i < n; i++) {
                ModelMap m = mappings.get(caller).remove(handles[i]);
                int want = m == null ? GntStatus.BAD_HANDLE : GntStatus.OKAY;
                log.add("d" + DOMIDS[caller] + (batched ? " unmapGrants " : " unmapGrant ") + handles[i] + " -> "
                        + GntStatus.name(status[i]));
                expect(status[i] == want, "unmap status " + GntStatus.name(status[i]) + ", model says "
                        + GntStatus.name(want));
                coverage.unmapStatuses.add(status[i]);
                if (m != null) {
                    ok++;
                    granted.get(m.granter).get(m.ref).maps--;
                    staleHandles.get(caller).add(handles[i]);
                }
            }
            counters[caller].unmaps += ok;
            if (ok > 0) {
                counters[caller].flushes++;
            }
        }

        private void viewWrite(Draw d) {
            int caller = d.below(3);
            List<Map.Entry<Integer, ModelMap>> live = new ArrayList<>(mappings.get(caller).entrySet());
            if (live.isEmpty()) {
                return;
            }
            Map.Entry<Integer, ModelMap> e = live.get(d.below(live.size()));
            ModelMap m = e.getValue();
            int off = d.below(4096);
            int len = 1 + d.below(Math.min(64, 4096 - off));
            byte[] data = new byte[len];
            new SplittableRandom(d.next()).nextBytes(data);
            ByteBuf view = dom[caller].mappedView(e.getKey());
            log.add("d" + DOMIDS[caller] + " writes " + len + " bytes @" + off + " through handle " + e.getKey()
                    + (m.readonly ? " (ro)" : ""));
            if (m.readonly) {
                try {
                    view.setBytes(off, data);
                    throw new AssertionError("write through a read-only view succeeded");
                } catch (ReadOnlyBufferException expected) {
                    coverage.readOnlyWritesRejected++;
                }
                return;
            }
            view.setBytes(off, data);
            ModelGrant mg = granted.get(m.granter).get(m.ref);
            System.arraycopy(data, 0, mem[m.granter][mg.frame], off, len);
        }

        private void guestWrite(Draw d) {
            int owner = d.below(3);
            int f = d.below(FRAMES);
            int off = d.below(4096);
            int len = 1 + d.below(Math.min(128, 4096 - off));
            byte[] data = new byte[len];
            new SplittableRandom(d.next()).nextBytes(data);
            log.add("d" + DOMIDS[owner] + " writes " + len + " bytes @" + off + " of its frame " + f);
            frames[owner][f].buf().setBytes(off, data);
            System.arraycopy(data, 0, mem[owner][f], off, len);
        }

        private void freeGranted(Draw d) {
            int g = d.below(2);
            if (granted.get(g).isEmpty()) {
                return;
            }
            List<Integer> refs = new ArrayList<>(new TreeSet<>(granted.get(g).keySet()));
            int frame = granted.get(g).get(refs.get(d.below(refs.size()))).frame;
            log.add("d" + DOMIDS[g] + " tries to free granted frame " + frame);
            try {
                dom[g].freeFrame(frames[g][frame]);
                throw new AssertionError("freed a frame that is still granted");
            } catch (IllegalArgumentException expected) {
                // GNT-4: a page a peer may still touch is never reused
            }
        }

        // ------------------------------------------------------------ checks

        private void checkInvariants() {
            for (int d = 0; d < DOMIDS.length; d++) {
                for (int f = 0; f < FRAMES; f++) {
                    int mismatch = ByteBuffer.wrap(mem[d][f]).mismatch(frames[d][f].nio().duplicate());
                    expect(mismatch < 0, "d" + DOMIDS[d] + " frame " + f + " differs from the model at byte "
                            + mismatch);
                }
                CounterSnapshot got = dom[d].counters().snapshot();
                expect(got.equals(counters[d].snapshot()), "d" + DOMIDS[d] + " counters " + got + ", model "
                        + counters[d].snapshot());
                expect(dom[d].activeMappingCount() == mappings.get(d).size(), "d" + DOMIDS[d] + " holds "
                        + dom[d].activeMappingCount() + " mappings, model " + mappings.get(d).size());
                GrantTable gt = dom[d].grantTable();
                expect(gt.grantedCount() == granted.get(d).size(), "d" + DOMIDS[d] + " granted count "
                        + gt.grantedCount() + ", model " + granted.get(d).size());
                for (Map.Entry<Integer, ModelGrant> e : granted.get(d).entrySet()) {
                    boolean inUse = gt.inUse(e.getKey());
                    expect(inUse == (e.getValue().maps > 0), "d" + DOMIDS[d] + " ref " + e.getKey() + " in use "
                            + inUse + " with " + e.getValue().maps + " mappings");
                }
            }
        }

        private void checkFinal() {
            // tear down: unmap everything, end every grant; nothing may stay in use
            for (int d = 0; d < DOMIDS.length; d++) {
                for (int h : new ArrayList<>(mappings.get(d).keySet())) {
                    expect(dom[d].unmapGrant(h) == GntStatus.OKAY, "final unmap of " + h);
                }
            }
            for (int d = 0; d < DOMIDS.length; d++) {
                for (int ref : new ArrayList<>(granted.get(d).keySet())) {
                    expect(dom[d].grantTable().endAccess(ref), "final endAccess of d" + DOMIDS[d] + " ref " + ref);
                }
                expect(dom[d].grantTable().grantedCount() == 0, "grants left on d" + DOMIDS[d]);
                expect(dom[d].activeMappings().isEmpty(), "mappings left on d" + DOMIDS[d]);
            }
        }

        private static int index(int domid) {
            for (int i = 0; i < DOMIDS.length; i++) {
                if (DOMIDS[i] == domid) {
                    return i;
                }
            }
            return -1;
        }
    }
}
