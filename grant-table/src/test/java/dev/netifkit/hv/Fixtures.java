package dev.netifkit.hv;

import dev.netifkit.hv.sched.DeterministicScheduler;

/** Small helpers shared by tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A hypervisor on a strict-FIFO deterministic scheduler. */
    public static Hypervisor hypervisor() {
        return new Hypervisor(new DeterministicScheduler(0));
    }

    /** The deterministic scheduler of {@code hv}. */
    public static DeterministicScheduler sched(Hypervisor hv) {
        return (DeterministicScheduler) hv.scheduler();
    }

    /** Fills {@code f} with bytes {@code (seed + i) & 0xFF}. */
    public static void fill(Frame f, int seed) {
        for (int i = 0; i < Frame.SIZE; i++) {
            f.buf().setByte(i, seed + i);
        }
    }

    /** A copy of the frame's bytes. */
    public static byte[] bytes(Frame f) {
        byte[] b = new byte[Frame.SIZE];
        f.buf().getBytes(0, b);
        return b;
    }
}
