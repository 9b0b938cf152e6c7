package dev.netifkit.conformance.pair;

import dev.netifkit.netfront.RxPacket;

/** Sees every packet a guest of a {@link Pair} receives (on that guest's context). */
@FunctionalInterface
public interface RxObserver {

    /**
     * @param guest the receiving guest
     * @param queue the queue it arrived on
     * @param packet the packet (valid during the call)
     */
    void received(int guest, int queue, RxPacket packet);
}
