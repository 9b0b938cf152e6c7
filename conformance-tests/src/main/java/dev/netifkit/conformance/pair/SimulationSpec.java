package dev.netifkit.conformance.pair;

import dev.netifkit.netback.DatapathMode;

/**
 * One simulation run.
 *
 * @param mode the backend's datapath mode (staging also makes the frontend stage)
 * @param direction traffic direction
 * @param frameBytes frame size, {@link TrafficFrame#MIN_LENGTH}..65535
 * @param queues queues, 1..8
 * @param packets packets to move (when {@code seconds} is 0)
 * @param seconds wall-clock seconds to run instead of a packet count (0 = use {@code packets})
 * @param threaded one thread per domain instead of the deterministic scheduler
 */
public record SimulationSpec(DatapathMode mode, Direction direction, int frameBytes, int queues, long packets,
                             double seconds, boolean threaded) {
    /**
     * Checks the values, naming the bad one.
     */
    public SimulationSpec {
        if (mode == null || direction == null) {
            throw new IllegalArgumentException("mode and direction are required");
        }
        if (frameBytes < TrafficFrame.MIN_LENGTH || frameBytes > 0xFFFF) {
            throw new IllegalArgumentException("frame size " + frameBytes + " outside " + TrafficFrame.MIN_LENGTH
                    + "..65535 bytes");
        }
        if (queues < 1 || queues > 8) {
            throw new IllegalArgumentException("queues " + queues + " outside 1..8");
        }
        if (seconds < 0 || Double.isNaN(seconds) || (seconds == 0 && packets < 1)) {
            throw new IllegalArgumentException("run for a positive number of packets (" + packets + ") or seconds ("
                    + seconds + ")");
        }
    }
}
