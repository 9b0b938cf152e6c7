package dev.netifkit.hv.evtchn;

/**
 * Where a domain's {@link EventChannels} count what they do; the hypervisor connects it to the domain's counters.
 * Each method is called on the context the counted action runs on (the caller's for hypercalls and sends, the
 * receiver's for deliveries).
 */
public interface EventAccounting {
    /** An event channel hypercall was made. */
    void hypercall();

    /** A notification was sent on a bound port. */
    void notificationSent();

    /** A pending event was delivered (its handler called, if any). */
    void eventDelivered();

    /** Counts nothing. */
    EventAccounting NONE = new EventAccounting() {
        @Override
        public void hypercall() {
        }

        @Override
        public void notificationSent() {
        }

        @Override
        public void eventDelivered() {
        }
    };
}
