package dev.netifkit.conformance.scenario;

import dev.netifkit.conformance.spi.BackendFactory;
import dev.netifkit.conformance.spi.BackendStatus;
import dev.netifkit.conformance.spi.GuestRxPacket;
import dev.netifkit.hv.Domain;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.netifkit.conformance.scenario.Scenarios.assertFails;
import static dev.netifkit.conformance.scenario.Scenarios.assertFailsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The invariants every scenario checks without being told, each caught in a deliberately broken backend (the
 * reference backend with one method broken).
 */
class ScenarioInvariantTest {
    /** One packet handed to the backend, gref 9 granted writable but never posted. */
    private static final String GUEST_RX = """
            "grants": [{"gref": 9, "data": ""}, {"gref": 40, "data": ""}],
            "steps": [{"guest_rx": [{"length": 60, "pattern": "seq"}]}]
            """;

    /** Maps a frontend grant writable, writes one byte, unmaps: what a backend writing where it should not does. */
    private static void scribble(Domain self, int gref, int offset) {
        int handle = self.mapGrant(1, gref, false);
        if (handle < 0) {
            throw new IllegalStateException("map of gref " + gref + " failed: " + handle);
        }
        ByteBuf page = self.mappedView(handle);
        page.setByte(offset, 0x55);
        self.unmapGrant(handle);
    }

    @Test
    void invariant_exceptionOutOfTheBackendFailsTheStep() {
        BackendFactory throwing = ctx -> new WrappedBackend(ctx) {
            @Override
            public boolean guestRx(int queue, GuestRxPacket packet) {
                throw new IllegalStateException("boom");
            }
        };
        ScenarioResult r = assertFailsWith(throwing, GUEST_RX,
                "step 0 (guest_rx): invariant: an exception escaped a task: java.lang.IllegalStateException: boom");
        assertEquals(1, r.differences().size(), () -> r.differences().toString());
    }

    @Test
    void invariant_internalErrorsOfTheBackendFailTheScenario() {
        BackendFactory buggy = ctx -> new WrappedBackend(ctx) {
            @Override
            public List<Throwable> internalErrors() {
                return List.of(new AssertionError("caught a bug"));
            }
        };
        ScenarioResult r = assertFailsWith(buggy, GUEST_RX,
                "connect: invariant: the backend caught an exception of its own: java.lang.AssertionError: caught a bug");
        assertEquals(1, r.differences().size(), "reported once, not after every step: " + r.differences());
    }

    @Test
    void rx5_writeToAWritableGrantNeverPostedIsCaught() {
        BackendFactory scribbler = ctx -> new WrappedBackend(ctx) {
            @Override
            public boolean guestRx(int queue, GuestRxPacket packet) {
                scribble(context.self(), 9, 10);
                return super.guestRx(queue, packet);
            }
        };
        assertFails(scribbler, GUEST_RX, "step 0 (guest_rx): invariant: the backend wrote gref 9 (granted writable but"
                + " never posted for receive nor named by a DEL_GREF_MAPPING list; RX-5) at bytes 10..10 (byte 10 was"
                + " 00, now 55)");
    }

    @Test
    void rx5_writeToAPostedPageIsAllowed() {
        BackendFactory scribbler = ctx -> new WrappedBackend(ctx) {
            @Override
            public boolean guestRx(int queue, GuestRxPacket packet) {
                scribble(context.self(), 9, 10);
                return super.guestRx(queue, packet);
            }
        };
        ScenarioResult r = Scenarios.run(scribbler, """
                "grants": [{"gref": 9, "data": ""}],
                "steps": [{"rx": [{"id": 1, "gref": 9}]}, {"guest_rx": [{"length": 60, "pattern": "seq"}]}]
                """);
        assertTrue(r.passed(), () -> r.differences().toString());
    }

    @Test
    void gnt2_runnerOwnWritesAreNotViolations() {
        Scenarios.assertPasses("""
                "grants": [{"gref": 20, "data": "", "readonly": true}],
                "steps": [{"gref_list": {"gref": 20, "entries": [{"ref": 8, "flags": 1}]}}],
                "expect": {"guest_pages": [{"gref": 20, "data": "08000000010000"}]}
                """);
    }

    @Test
    void invariant_leakedMappingIsCaughtAtTheEndAndAfterClose() {
        BackendFactory leaking = ctx -> new WrappedBackend(ctx) {
            @Override
            public void start() {
                super.start();
                context.self().mapGrant(1, 9, false);
            }
        };
        assertFails(leaking, GUEST_RX,
                "end: invariant: the backend holds 1 mapping(s) that are neither a ring page nor in its staging table"
                        + " (leaked): [gref 9 of domain 1 (writable)]",
                "close: invariant: after the frontend closed, the backend still holds 1 mapping(s) (leaked): [gref 9"
                        + " of domain 1 (writable)]");
    }

    @Test
    void invariant_backendThatNeverGoesIdleIsStopped() {
        BackendFactory busy = ctx -> new WrappedBackend(ctx) {
            @Override
            public boolean guestRx(int queue, GuestRxPacket packet) {
                spin();
                return true;
            }

            private void spin() {
                context.self().scheduler().execute(0, this::spin);
            }
        };
        assertFails(busy, GUEST_RX, "step 0 (guest_rx): the backend did not go idle (2000000 tasks run, 1 still ready)");
    }

    @Test
    void invariant_exceptionOutOfAnSpiCallIsReported() {
        BackendFactory broken = ctx -> new WrappedBackend(ctx) {
            @Override
            public BackendStatus status() {
                throw new IllegalStateException("no status");
            }
        };
        ScenarioResult r = assertFailsWith(broken, GUEST_RX,
                "connect: invariant: backend.status() threw java.lang.IllegalStateException: no status (at ");
        assertEquals("connect: the backend did not connect: it is unknown", r.differences().get(1));
    }

    @Test
    void invariant_factoryThatThrows() {
        BackendFactory none = ctx -> {
            throw new IllegalStateException("no backend today");
        };
        ScenarioResult r = assertFailsWith(none, GUEST_RX,
                "connect: invariant: an exception escaped a task: java.lang.IllegalStateException: no backend today");
        assertTrue(r.differences().get(1).startsWith("connect: the backend factory "), r.differences().toString());
    }
}
