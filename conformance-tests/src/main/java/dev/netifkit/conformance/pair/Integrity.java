package dev.netifkit.conformance.pair;

import io.netty.buffer.ByteBuf;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Checks that every packet of every flow arrives exactly once, intact and in order. Senders call
 * {@link #sent(int)}, receivers {@link #received(ByteBuf, int, int)}. Each flow has one sending and one receiving
 * context, so per-flow counters have a single writer each (published with release stores) and totals are sums.
 */
public final class Integrity {
    private final int flows;
    private final int[] nextSeq;
    private final AtomicLongArray sent;
    private final AtomicLongArray received;
    private final AtomicLongArray bytes;
    private final AtomicLongArray corrupted;
    private final AtomicLongArray outOfOrder;
    private final AtomicLong malformed = new AtomicLong();

    /**
     * @param flows number of flow ids (0..flows−1)
     */
    public Integrity(int flows) {
        this.flows = flows;
        nextSeq = new int[flows];
        sent = new AtomicLongArray(flows);
        received = new AtomicLongArray(flows);
        bytes = new AtomicLongArray(flows);
        corrupted = new AtomicLongArray(flows);
        outOfOrder = new AtomicLongArray(flows);
    }

    /**
     * Counts a packet about to be sent on a flow.
     *
     * @param flow the flow
     * @return the sequence number to put in it
     */
    public int sent(int flow) {
        long n = sent.get(flow);
        sent.lazySet(flow, n + 1);
        return (int) n;
    }

    /**
     * Takes back the last {@link #sent} of a flow (the transmit was refused).
     *
     * @param flow the flow
     */
    public void unsent(int flow) {
        sent.lazySet(flow, sent.get(flow) - 1);
    }

    /**
     * Checks a received frame.
     *
     * @param buf the buffer holding it contiguously
     * @param offset its first byte
     * @param length its length
     */
    public void received(ByteBuf buf, int offset, int length) {
        int v = TrafficFrame.verify(buf, offset, length);
        int flow = v == TrafficFrame.MALFORMED ? -1 : TrafficFrame.flow(buf, offset);
        if (flow < 0 || flow >= flows) {
            malformed.incrementAndGet();
            return;
        }
        received.lazySet(flow, received.get(flow) + 1);
        bytes.lazySet(flow, bytes.get(flow) + length);
        if (v == TrafficFrame.CORRUPTED) {
            corrupted.lazySet(flow, corrupted.get(flow) + 1);
            return;
        }
        int seq = TrafficFrame.seq(buf, offset);
        if (seq != nextSeq[flow]) {
            outOfOrder.lazySet(flow, outOfOrder.get(flow) + 1); // a loss, duplicate or reordering before this one
        }
        nextSeq[flow] = seq + 1;
    }

    /**
     * Counts a received frame by its flow id without checking its bytes (benchmarks of the datapath alone).
     *
     * @param buf the buffer holding at least the frame's header
     * @param offset its first byte
     * @param length its length
     */
    public void receivedUnchecked(ByteBuf buf, int offset, int length) {
        int flow = TrafficFrame.flow(buf, offset);
        if (flow >= flows) {
            malformed.incrementAndGet();
            return;
        }
        received.lazySet(flow, received.get(flow) + 1);
        bytes.lazySet(flow, bytes.get(flow) + length);
    }

    private static long sum(AtomicLongArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }

    /** @return packets sent */
    public long sent() {
        return sum(sent);
    }

    /** @return packets received (intact or corrupted) */
    public long received() {
        return sum(received);
    }

    /**
     * @param flow a flow
     * @return packets of that flow received
     */
    public long received(int flow) {
        return received.get(flow);
    }

    /** @return bytes received */
    public long bytes() {
        return sum(bytes);
    }

    /** @return packets whose payload differed */
    public long corrupted() {
        return sum(corrupted);
    }

    /** @return packets that were not the next expected of their flow (after a loss, duplicate or reordering) */
    public long outOfOrder() {
        return sum(outOfOrder);
    }

    /** @return frames that were not test frames, had the wrong length or an unknown flow */
    public long malformed() {
        return malformed.get();
    }

    /** @return true if everything sent arrived exactly once, intact and in order */
    public boolean perfect() {
        return received() == sent() && corrupted() == 0 && outOfOrder() == 0 && malformed() == 0;
    }

    @Override
    public String toString() {
        return "Integrity[sent " + sent() + ", received " + received() + ", corrupted " + corrupted()
                + ", out of order " + outOfOrder() + ", malformed " + malformed() + "]";
    }
}
