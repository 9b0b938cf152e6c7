package dev.netifkit.netfront;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.hv.xenstore.DevicePaths;
import dev.netifkit.hv.xenstore.Toolstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A hypervisor with a scripted backend (d0) and a netfront (d1) on a deterministic scheduler: the fixture of the
 * frontend tests.
 */
final class World implements AutoCloseable {
    /** A received packet, copied out of the view. */
    record Rx(int queue, byte[] data, boolean dataValidated, boolean csumBlank, int gsoType, int gsoSize,
              boolean hashed, int hashType, int hash, int segments) {
    }

    final DeterministicScheduler sched = new DeterministicScheduler(0);
    final Hypervisor hv = new Hypervisor(sched);
    final Domain back = hv.createDomain(0, "backend");
    final Domain front = hv.createDomain(1, "guest");
    final DevicePaths paths = Toolstack.createDevice(hv.xenStore(), "vif", 1, 0, 0, Map.of(), Map.of());
    final ScriptedBackend backend = new ScriptedBackend(back, paths.backend());
    final List<Rx> received = new ArrayList<>();
    Netfront nf;

    /** A connected world. */
    static World connected(NetfrontSettings settings) {
        return connected(settings, b -> {
        });
    }

    /** A world whose backend is configured first, then started and connected to. */
    static World connected(NetfrontSettings settings, Consumer<ScriptedBackend> configure) {
        World w = new World();
        configure.accept(w.backend);
        w.backend.start();
        w.nf = new Netfront(w.front, w.paths.frontend(), settings, w::sink);
        w.nf.start();
        w.run();
        return w;
    }

    private void sink(int queue, RxPacket p) {
        received.add(new Rx(queue, p.toBytes(), p.dataValidated(), p.csumBlank(), p.gsoType(), p.gsoSize(),
                p.hashed(), p.hashType(), p.hash(), p.segmentCount()));
    }

    /** Runs every ready task (bounded: a livelock fails the test instead of hanging it). */
    void run() {
        int ran = sched.runUntilIdle(1_000_000);
        if (sched.pendingTasks() > 0) {
            throw new AssertionError("scheduler still busy after " + ran + " tasks");
        }
        assertEquals(List.of(), sched.failures(), "tasks threw");
    }

    /** Closes the frontend and runs the handshake out. */
    void closeFront() {
        nf.close();
        run();
    }

    @Override
    public void close() {
        if (nf != null && nf.state() != FrontState.CLOSED) {
            nf.close();
            run();
        }
        backend.release();
    }
}
