package dev.netifkit.conformance.pair;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.hv.sched.Scheduler;
import dev.netifkit.hv.sched.ThreadedScheduler;
import dev.netifkit.hv.xenstore.DevicePaths;
import dev.netifkit.hv.xenstore.Toolstack;
import dev.netifkit.proto.packet.Checksum;
import dev.netifkit.netback.DatapathMode;
import dev.netifkit.netback.Netback;
import dev.netifkit.netback.NetbackSettings;
import dev.netifkit.netback.RxMeta;
import dev.netifkit.netback.TxPacket;
import dev.netifkit.netfront.FrontState;
import dev.netifkit.netfront.Netfront;
import dev.netifkit.netfront.NetfrontSettings;
import dev.netifkit.netfront.RxPacket;
import dev.netifkit.proto.GsoType;
import dev.netifkit.netback.DeviceState;
import io.netty.buffer.ByteBuf;
import dev.netifkit.proto.ring.SlotWords;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A frontend/backend pair (or several guests behind one backend domain) wired in-process through the emulated
 * hypervisor, exactly as guests meet: grants, event channels, xenstore. Build with {@link #builder()}, then
 * {@link #connect()}; traffic goes through each guest's {@link Netfront} (guest transmit) and
 * {@link #injectRx} (guest receive); every packet reaching a guest or the network sink is checked by
 * {@link #integrity()}.
 */
public final class Pair implements AutoCloseable {
    /** MAC of guest i is {@code 00:16:3e:00:00:(i+1)} (Xen's OUI). */
    public static final long MAC_BASE = 0x00163e000000L;
    /** Domid of the backend domain. */
    public static final int BACKEND_DOMID = 0;

    private final Hypervisor hypervisor;
    private final Scheduler scheduler;
    private final Domain backendDomain;
    private final List<Guest> guests = new ArrayList<>();
    private final Integrity integrity;
    private final NetworkKind network;
    private final int queues;
    private final ByteBuf scratch = SlotWords.scratch(0x10000);
    private final RxMeta forwardMeta = new RxMeta();
    private final long[] networkDrops = new long[1];
    private final RxObserver observer;
    private final boolean verify;

    private Pair(Builder b) {
        this.scheduler = b.threaded ? new ThreadedScheduler() : new DeterministicScheduler(b.seed);
        this.hypervisor = new Hypervisor(scheduler);
        this.backendDomain = hypervisor.createDomain(BACKEND_DOMID, "backend");
        this.network = b.network;
        this.observer = b.observer;
        this.verify = b.verify;
        this.queues = b.frontend.queues();
        this.integrity = new Integrity(flowCount(b.guests, queues));
        for (int i = 0; i < b.guests; i++) {
            int gi = i;
            Domain dom = hypervisor.createDomain(i + 1, "guest" + (i + 1));
            DevicePaths paths = Toolstack.createDevice(hypervisor.xenStore(), "vif", dom.domid(), BACKEND_DOMID, 0,
                    Map.of("mac", macText(MAC_BASE + i + 1)), Map.of("mac", macText(MAC_BASE + i + 1)));
            Netback back = new Netback(backendDomain, paths.backend(), b.backend, p -> fromGuest(gi, p));
            Netfront front = new Netfront(dom, paths.frontend(), b.frontend, (q, p) -> toGuest(gi, q, p));
            guests.add(new Guest(i, dom, front, back, paths, MAC_BASE + i + 1));
        }
    }

    /** @return a builder with one guest, one queue, COPY mode, deterministic scheduler, a sink network */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Flow id of a (guest, queue): what traffic generators put in frames.
     *
     * @param guest guest index
     * @param queue queue index
     * @return the flow id
     */
    public int flow(int guest, int queue) {
        return guest * queues + queue;
    }

    /**
     * Flow id of traffic the network sends to a (guest, queue): separate from {@link #flow} so that both
     * directions can run at once.
     *
     * @param guest guest index
     * @param queue queue index
     * @return the flow id
     */
    public int rxFlow(int guest, int queue) {
        return guests.size() * queues + flow(guest, queue);
    }

    private static int flowCount(int guests, int queues) {
        return 2 * guests * queues;
    }

    private static String macText(long mac) {
        return new dev.netifkit.proto.MacAddress(mac).toString();
    }

    /** The backend's network side: guest {@code from} transmitted {@code p} (backend domain context). */
    private void fromGuest(int from, TxPacket p) {
        switch (network) {
            case SINK: {
                if (!verify) {
                    integrity.receivedUnchecked(p.segmentBuffer(0), p.segmentOffset(0), p.length());
                } else if (p.segmentCount() == 1) {
                    integrity.received(p.segmentBuffer(0), p.segmentOffset(0), p.length());
                } else {
                    scratch.clear();
                    p.copyTo(scratch);
                    integrity.received(scratch, 0, p.length());
                }
                break;
            }
            case LOOPBACK:
                forward(guests.get(from), p);
                break;
            default: {
                scratch.clear();
                p.copyTo(scratch);
                long dst = (long) scratch.getUnsignedShort(0) << 32 | scratch.getUnsignedInt(2);
                for (Guest g : guests) {
                    if (g.index() != from && (dst == g.mac() || dst == 0xFFFF_FFFF_FFFFL)) {
                        deliver(g, p.queue() % g.backend().queueCount(), p);
                    }
                }
                break;
            }
        }
    }

    private void forward(Guest g, TxPacket p) {
        scratch.clear();
        p.copyTo(scratch);
        deliver(g, p.queue(), p);
    }

    /** Hands the packet in {@code scratch} to a guest's backend, with the sender's checksum and GSO metadata. */
    private void deliver(Guest g, int queue, TxPacket p) {
        forwardMeta.clear().checksum(p.checksum());
        if (p.gsoType() != 0) {
            forwardMeta.gso(GsoType.fromCode(p.gsoType()), p.gsoSize());
        }
        if (!g.backend().guestRx(queue, scratch, 0, p.length(), forwardMeta)) {
            networkDrops[0]++;
        }
    }

    /** A guest's sink: every packet a frontend receives is checked (and shown to the observer, if any). */
    private void toGuest(int guest, int queue, RxPacket p) {
        if (observer != null) {
            observer.received(guest, queue, p);
        }
        // Guest-side receive runs on that guest's context; guests only share the integrity counters' receive
        // side, which is safe in deterministic mode and with one guest in threaded mode.
        if (!verify) {
            integrity.receivedUnchecked(p.segmentBuffer(0), p.segmentOffset(0), p.length());
        } else if (p.segmentCount() == 1) {
            integrity.received(p.segmentBuffer(0), p.segmentOffset(0), p.length());
        } else {
            ByteBuf tmp = rxScratch.get();
            tmp.clear();
            p.copyTo(tmp);
            integrity.received(tmp, 0, p.length());
        }
    }

    private final ThreadLocal<ByteBuf> rxScratch = ThreadLocal.withInitial(() -> SlotWords.scratch(0x10000));

    /**
     * Starts every backend and frontend and waits until all are connected (and staging negotiated where it
     * applies).
     *
     * @throws IllegalStateException naming the guest that did not connect
     */
    public void connect() {
        for (Guest g : guests) {
            onContext(BACKEND_DOMID, () -> g.backend().start());
            onContext(g.domain().domid(), () -> g.frontend().start());
        }
        await(() -> guests.stream().allMatch(g -> g.frontend().state() == FrontState.CONNECTED
                && g.backend().state() == DeviceState.CONNECTED && stagingSettled(g)), "connect");
    }

    private static boolean stagingSettled(Guest g) {
        Netfront f = g.frontend();
        for (int q = 0; q < f.queueCount(); q++) {
            if (!f.stagingSettled(q)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs a task on a domain's context and waits for it (deterministic: runs the scheduler until idle).
     *
     * @param domid the domain
     * @param task the task
     */
    public void onContext(int domid, Runnable task) {
        if (scheduler instanceof DeterministicScheduler) {
            scheduler.execute(domid, task);
            settle();
            return;
        }
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        scheduler.execute(domid, () -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        try {
            if (!done.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("a task on d" + domid + " did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for d" + domid, e);
        }
    }

    /**
     * Lets pending work run: deterministic — runs until idle; threaded — returns at once.
     */
    public void settle() {
        if (scheduler instanceof DeterministicScheduler) {
            ((DeterministicScheduler) scheduler).runUntilIdle();
        }
    }

    /**
     * Waits until a condition holds: deterministic — runs until idle and checks; threaded — polls for up to 30 s.
     *
     * @param condition the condition
     * @param what what is awaited, for the error
     */
    public void await(BooleanSupplier condition, String what) {
        if (scheduler instanceof DeterministicScheduler) {
            DeterministicScheduler d = (DeterministicScheduler) scheduler;
            d.runUntilIdle();
            if (!condition.getAsBoolean()) {
                throw new IllegalStateException(what + " did not happen: " + describe());
            }
            return;
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not happen within 30 s: " + describe());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (Guest g : guests) {
            sb.append("guest ").append(g.index()).append(": frontend ").append(g.frontend().state())
                    .append(g.frontend().brokenReason() == null ? "" : " (" + g.frontend().brokenReason() + ")")
                    .append(", backend ").append(g.backend().state())
                    .append(g.backend().violation() == null ? "" : " (" + g.backend().violation() + ")").append("; ");
        }
        return sb.toString();
    }

    /**
     * Hands a frame from the network to a guest's backend (call on the backend domain's context).
     *
     * @param guest the guest
     * @param queue its queue, or -1 for the backend's choice
     * @param frame the frame
     * @param length its length
     * @param meta checksum/GSO metadata
     * @return false if the backend dropped it
     */
    public boolean injectRx(int guest, int queue, ByteBuf frame, int length, RxMeta meta) {
        return guests.get(guest).backend().guestRx(queue, frame, 0, length, meta);
    }

    /**
     * Closes every frontend (Closing → Closed through xenstore), lets the backends disconnect, and reports what
     * was left behind: grants still granted by a guest, mappings still held by the backend domain.
     *
     * @return the leaks; empty when clean
     */
    public List<String> closeAndCheckLeaks() {
        for (Guest g : guests) {
            onContext(g.domain().domid(), () -> g.frontend().close());
        }
        await(() -> guests.stream().allMatch(g -> g.frontend().state() == FrontState.CLOSED), "close");
        List<String> leaks = new ArrayList<>();
        for (Guest g : guests) {
            int granted = g.domain().grantTable().grantedCount();
            if (granted != 0) {
                leaks.add("guest " + g.index() + " still grants " + granted + " ref(s)");
            }
        }
        int mapped = backendDomain.activeMappingCount();
        if (mapped != 0) {
            leaks.add("backend domain still holds " + mapped + " mapping(s): " + backendDomain.activeMappings());
        }
        return leaks;
    }

    /** Destroys the backend devices (on the backend's context) and stops the threads of a threaded pair. */
    @Override
    public void close() {
        for (Guest g : guests) {
            onContext(BACKEND_DOMID, () -> g.backend().close());
        }
        if (scheduler instanceof ThreadedScheduler) {
            ((ThreadedScheduler) scheduler).close();
        }
        scratch.release();
    }

    /** @return the hypervisor */
    public Hypervisor hypervisor() {
        return hypervisor;
    }

    /** @return the scheduler (deterministic or threaded) */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** @return the backend domain */
    public Domain backendDomain() {
        return backendDomain;
    }

    /** @return the guests */
    public List<Guest> guests() {
        return Collections.unmodifiableList(guests);
    }

    /**
     * @param i guest index
     * @return guest i
     */
    public Guest guest(int i) {
        return guests.get(i);
    }

    /** @return the integrity checker every received packet goes through */
    public Integrity integrity() {
        return integrity;
    }

    /** @return packets the network could not hand to a backend (its RX queue was full or off) */
    public long networkDrops() {
        return networkDrops[0];
    }

    /** @return queues per guest */
    public int queues() {
        return queues;
    }

    /** Configures a {@link Pair}. */
    public static final class Builder {
        private int guests = 1;
        private boolean threaded;
        private long seed;
        private NetworkKind network = NetworkKind.SINK;
        private NetbackSettings backend = NetbackSettings.DEFAULTS;
        private NetfrontSettings frontend = NetfrontSettings.DEFAULTS;
        private RxObserver observer;
        private boolean verify = true;

        private Builder() {
        }

        /**
         * @param value false to count arriving packets without checking their bytes (benchmarks of the datapath
         *              alone); loss and reordering are still visible as counts
         * @return this
         */
        public Builder verify(boolean value) {
            verify = value;
            return this;
        }

        /**
         * @param value sees every packet a guest receives, before the integrity check (tests use it for metadata)
         * @return this
         */
        public Builder observer(RxObserver value) {
            observer = value;
            return this;
        }

        /**
         * @param mode the backend's datapath mode (staging also turns the frontend's staging on)
         * @return this
         */
        public Builder mode(DatapathMode mode) {
            backend = backend.withMode(mode);
            frontend = frontend.withStaging(mode == DatapathMode.STAGING);
            return this;
        }

        /**
         * @param n queues per guest (1..8)
         * @return this
         */
        public Builder queues(int n) {
            if (n < 1 || n > backend.maxQueues()) {
                throw new IllegalArgumentException("queues " + n + " outside 1.." + backend.maxQueues());
            }
            frontend = frontend.withQueues(n);
            return this;
        }

        /**
         * @param n guests behind the backend domain (1..32)
         * @return this
         */
        public Builder guests(int n) {
            if (n < 1 || n > 32) {
                throw new IllegalArgumentException("guests " + n + " outside 1..32");
            }
            guests = n;
            return this;
        }

        /**
         * @param value true for one thread per domain, false for the deterministic scheduler
         * @return this
         */
        public Builder threaded(boolean value) {
            threaded = value;
            return this;
        }

        /**
         * @param value the deterministic scheduler's seed (0 = strict FIFO)
         * @return this
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * @param kind the network
         * @return this
         */
        public Builder network(NetworkKind kind) {
            network = kind;
            return this;
        }

        /**
         * @param settings backend settings (its mode is kept)
         * @return this
         */
        public Builder backendSettings(NetbackSettings settings) {
            backend = settings;
            return this;
        }

        /**
         * @param settings frontend settings
         * @return this
         */
        public Builder frontendSettings(NetfrontSettings settings) {
            frontend = settings;
            return this;
        }

        /** @return the pair (not connected yet) */
        public Pair build() {
            return new Pair(this);
        }
    }
}
