package dev.netifkit.ctrl;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.hv.Domain;

/** Counter deltas of a domain, with event-channel sends told apart from grant hypercalls. */
final class Hypercalls {
    private final Domain domain;
    private final CounterSnapshot before;

    private Hypercalls(Domain domain) {
        this.domain = domain;
        this.before = domain.counters().snapshot();
    }

    static Hypercalls of(Domain domain) {
        return new Hypercalls(domain);
    }

    CounterSnapshot delta() {
        return domain.counters().snapshot().minus(before);
    }

    /** Hypercalls other than EVTCHNOP_send: grant copy, map and unmap batches. */
    long grantHypercalls() {
        CounterSnapshot d = delta();
        return d.hypercalls() - d.notificationsSent();
    }
}
