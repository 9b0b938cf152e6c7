package dev.netifkit.netback;

/**
 * The backend's network side: where guest-transmitted packets go. Packets towards the guest enter through
 * {@link Netback#guestRx}.
 */
@FunctionalInterface
public interface NetworkPort {

    /**
     * A packet the guest transmitted. Called on the backend domain's context; the packet's memory is valid only
     * during the call (mapped pages are unmapped right after), so a port that keeps it copies it.
     *
     * @param packet the packet (a reused view)
     */
    void transmit(TxPacket packet);

    /** A port that discards everything. */
    NetworkPort DISCARD = packet -> {
    };
}
