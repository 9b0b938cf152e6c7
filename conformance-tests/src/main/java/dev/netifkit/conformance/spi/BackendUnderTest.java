package dev.netifkit.conformance.spi;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backend device the conformance kit drives. Every method is called on the backend domain's execution
 * context (in the deterministic scheduler: between tasks).
 */
public interface BackendUnderTest extends AutoCloseable {

    /** Probes the device: publish features, go InitWait, watch the frontend (XB-2). */
    void start();

    /** @return the device's state, and the reason when FATAL or REFUSED */
    BackendStatus status();

    /**
     * Hands a packet to the backend's network side for delivery to the guest.
     *
     * @param queue the queue, or -1 to let the backend choose (its hash mapping when Toeplitz is on, else queue 0)
     * @param packet the packet
     * @return false if the backend dropped it at once
     */
    boolean guestRx(int queue, GuestRxPacket packet);

    /**
     * Packets the backend handed to its network side since the previous call, in order; the backend's network
     * side consumes each packet as soon as it is handed over.
     *
     * @return the packets (a new list)
     */
    List<TransmittedPacket> drainTransmitted();

    /**
     * The grefs held in staging tables now, as {@code queue + ":" + gref} (unsigned decimal); empty when the
     * backend does no staging. Used by the "no leaked mapping" invariant.
     *
     * @return the staged grefs
     */
    Set<String> stagedGrefs();

    /** @return exceptions the backend caught internally (bugs); empty when healthy */
    List<Throwable> internalErrors();

    /** @return the backend's own statistics by name (for reports) */
    Map<String, Long> counters();

    /** Destroys the device: unmap everything, close every event channel. */
    @Override
    void close();
}
