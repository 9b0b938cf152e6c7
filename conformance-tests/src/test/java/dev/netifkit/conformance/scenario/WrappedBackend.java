package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.spi.BackendContext;
import dev.netifkit.conformance.spi.BackendStatus;
import dev.netifkit.conformance.spi.BackendUnderTest;
import dev.netifkit.conformance.spi.GuestRxPacket;
import dev.netifkit.conformance.spi.ReferenceBackendFactory;
import dev.netifkit.conformance.spi.TransmittedPacket;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The reference backend with methods a test overrides to break it on purpose. */
class WrappedBackend implements BackendUnderTest {
    final BackendContext context;
    final BackendUnderTest reference;

    WrappedBackend(BackendContext context) {
        this.context = context;
        this.reference = new ReferenceBackendFactory().create(context);
    }

    @Override
    public void start() {
        reference.start();
    }

    @Override
    public BackendStatus status() {
        return reference.status();
    }

    @Override
    public boolean guestRx(int queue, GuestRxPacket packet) {
        return reference.guestRx(queue, packet);
    }

    @Override
    public List<TransmittedPacket> drainTransmitted() {
        return reference.drainTransmitted();
    }

    @Override
    public Set<String> stagedGrefs() {
        return reference.stagedGrefs();
    }

    @Override
    public List<Throwable> internalErrors() {
        return reference.internalErrors();
    }

    @Override
    public Map<String, Long> counters() {
        return reference.counters();
    }

    @Override
    public void close() {
        reference.close();
    }
}
