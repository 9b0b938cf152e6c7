package dev.netifkit.bench;

import dev.netifkit.ctrl.CtrlBackend;
import dev.netifkit.ctrl.CtrlBackendConfig;
import dev.netifkit.ctrl.CtrlClient;
import dev.netifkit.ctrl.GrefMappingTable;
import dev.netifkit.ctrl.HashConfig;
import dev.netifkit.ctrl.InFlightProbe;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import io.netty.buffer.ByteBuf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The datapath's question "is this request's gref staged?" (SG-6): {@link GrefMappingTable#find(int)} on a table
 * filled the real way — a frontend stages its grefs with ADD_GREF_MAPPING through {@link CtrlClient} and a
 * {@link CtrlBackend} maps them on the emulated hypervisor. Goal: ≤ 5 ns per lookup, 0 B allocated (run with
 * {@code -prof gc}). Baseline: a JDK {@code HashMap<Integer, Integer>.get} over the same grefs.
 *
 * <p>Keys cycle through 1024 precomputed grefs so the branch predictor cannot learn one answer; the hit keys are
 * the staged grefs in a shuffled order, the miss keys are grefs the frontend granted but did not stage (the normal
 * grant path's lookups).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GrefLookupBenchmark {
    private static final int BACK = 0;
    private static final int FRONT = 1;
    private static final int KEYS = 1024;
    private static final int CAPACITY = GrefMappingTable.DEFAULT_CAPACITY;

    /** Grefs staged in the table: a few, half, and a full default-capacity table (512). */
    @Param({"16", "256", "512"})
    public int staged;

    private DeterministicScheduler scheduler;
    private Hypervisor hv;
    private Domain back;
    private Domain front;
    private Frame ringFrame;
    private int ringGref;
    private int ringHandle;
    private CtrlClient client;
    private CtrlBackend backend;
    private GrefMappingTable table;
    private final List<Frame> pages = new ArrayList<>();
    private final List<Integer> grefs = new ArrayList<>();

    private int[] hitKeys;
    private int[] missKeys;
    private HashMap<Integer, Integer> jdk;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        scheduler = new DeterministicScheduler(0);
        hv = new Hypervisor(scheduler);
        back = hv.createDomain(BACK, "backend");
        front = hv.createDomain(FRONT, "frontend");

        ringFrame = front.allocateFrame();
        ringGref = front.grantTable().allocateRef();
        front.grantTable().grantAccess(ringGref, BACK, ringFrame, false);
        int frontPort = front.events().allocUnbound(BACK);
        int backPort = back.events().bindInterdomain(FRONT, frontPort);
        client = new CtrlClient(front, BACK, ringFrame.buf(), 0, () -> front.events().notify(frontPort), scheduler,
                TimeUnit.SECONDS.toNanos(1));
        ringHandle = back.mapGrant(FRONT, ringGref, false);
        ByteBuf ringView = back.mappedView(ringHandle);
        table = new GrefMappingTable(0, CAPACITY);
        backend = new CtrlBackend(back, FRONT, ringView, 0, CtrlBackendConfig.defaults(1, true), new HashConfig(1),
                new GrefMappingTable[] {table}, InFlightProbe.NONE, () -> back.events().notify(backPort));
        back.events().setHandler(backPort, this::backendTask);
        front.events().setHandler(frontPort, client::onEvent);

        // The frontend grants staged + KEYS pages; the first `staged` are staged, the rest are miss keys.
        int[] all = new int[staged + KEYS];
        for (int i = 0; i < all.length; i++) {
            Frame f = front.allocateFrame();
            int gref = front.grantTable().allocateRef();
            front.grantTable().grantAccess(gref, BACK, f, false);
            pages.add(f);
            grefs.add(gref);
            all[i] = gref;
        }
        boolean[] ok = {false};
        if (!client.addGrefMappings(0, Arrays.copyOf(all, staged), null, r -> ok[0] = r.success())) {
            throw new IllegalStateException("ADD_GREF_MAPPING not sent");
        }
        scheduler.runUntilIdle();
        if (!ok[0] || table.size() != staged) {
            throw new IllegalStateException("staging failed: table " + table);
        }

        SplittableRandom r = new SplittableRandom(42);
        hitKeys = new int[KEYS];
        missKeys = new int[KEYS];
        jdk = new HashMap<>();
        for (int i = 0; i < staged; i++) {
            jdk.put(all[i], table.find(all[i]));
        }
        for (int i = 0; i < KEYS; i++) {
            hitKeys[i] = all[r.nextInt(staged)];
            missKeys[i] = all[staged + i];
        }
    }

    private void backendTask() {
        if (backend.process()) {
            scheduler.execute(BACK, this::backendTask);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
        backend.close(); // SG-5: one unmap batch
        back.unmapGrant(ringHandle);
        for (int i = 0; i < pages.size(); i++) {
            front.grantTable().endAccess(grefs.get(i));
            front.grantTable().freeRef(grefs.get(i));
            front.freeFrame(pages.get(i));
        }
        front.grantTable().endAccess(ringGref);
        front.grantTable().freeRef(ringGref);
        front.freeFrame(ringFrame);
    }

    /** A staged gref: the entry index. */
    @Benchmark
    public int lookupHit() {
        return table.find(hitKeys[next++ & (KEYS - 1)]);
    }

    /** A gref not staged: −1, the datapath takes the grant path. */
    @Benchmark
    public int lookupMiss() {
        return table.find(missKeys[next++ & (KEYS - 1)]);
    }

    /** What the datapath does on a hit: lookup, then the persistent mapping's view and read-only flag. */
    @Benchmark
    public int lookupHitAndView() {
        int e = table.find(hitKeys[next++ & (KEYS - 1)]);
        return table.readonly(e) ? -1 : table.view(e).capacity();
    }

    /** JDK baseline: boxing the key and a HashMap probe. */
    @Benchmark
    public Integer jdkHashMapGet() {
        return jdk.get(hitKeys[next++ & (KEYS - 1)]);
    }
}
