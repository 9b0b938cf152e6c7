package dev.netifkit.netfront;

/**
 * Where packets received by the guest go. Called on the frontend domain's context.
 */
@FunctionalInterface
public interface PacketSink {
    /**
     * A packet arrived. The view is reused and valid only during the call (it may point straight at a staged or
     * received page): copy what you keep ({@link RxPacket#copyTo}, {@link RxPacket#toBytes()}).
     *
     * @param queue the queue it arrived on
     * @param packet the packet view
     */
    void received(int queue, RxPacket packet);

    /** A sink that discards everything. */
    PacketSink DISCARD = (queue, packet) -> {
    };
}
