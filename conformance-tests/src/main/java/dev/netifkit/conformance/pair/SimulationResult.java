package dev.netifkit.conformance.pair;

import dev.netifkit.netback.DatapathMode;

/**
 * What a simulation run measured.
 *
 * @param mode datapath mode
 * @param direction direction
 * @param frameBytes frame size
 * @param queues queues
 * @param packets packets received intact at their destination during the measured interval
 * @param seconds wall-clock duration of the measured interval
 * @param mpps million packets per second
 * @param gbps gigabits per second of frame data
 * @param perPacket hypervisor cost per packet, both domains summed
 * @param sent packets sent
 * @param received packets received
 * @param corrupted packets received with a corrupted payload
 * @param outOfOrder packets received after a loss, duplicate or reordering in their flow
 */
public record SimulationResult(DatapathMode mode, Direction direction, int frameBytes, int queues, long packets,
                               double seconds, double mpps, double gbps, PerPacket perPacket, long sent, long received,
                               long corrupted, long outOfOrder) {

    /**
     * Hypervisor work per packet (totals of the backend and guest domains divided by packets).
     *
     * @param hypercalls hypercalls (grant and event-channel operations)
     * @param grantCopyOps grant copy operations
     * @param grantMaps grant maps
     * @param grantUnmaps grant unmaps
     * @param tlbFlushes TLB flushes unmaps cost
     * @param memcpyBytes bytes moved by plain memcpy through staged mappings (and into staged buffers)
     * @param notifications event-channel notifications sent
     */
    public record PerPacket(double hypercalls, double grantCopyOps, double grantMaps, double grantUnmaps,
                            double tlbFlushes, double memcpyBytes, double notifications) {
    }

    /** @return true if every packet arrived exactly once, intact and in order */
    public boolean intact() {
        return sent == received && corrupted == 0 && outOfOrder == 0;
    }
}
