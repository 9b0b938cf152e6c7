package dev.netifkit.conformance.pair;

import dev.netifkit.netback.DatapathMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every datapath mode moves traffic both ways intact, on the deterministic scheduler and on real threads (one per
 * domain, racing through the shared rings), and staging does it without a grant operation per packet (SG-6).
 */
class PairSmokeTest {

    @ParameterizedTest
    @EnumSource(DatapathMode.class)
    void everyModeMovesTrafficBothWaysIntact(DatapathMode mode) {
        for (Direction d : Direction.values()) {
            SimulationResult r = Simulation.run(new SimulationSpec(mode, d, 64, 1, 20_000, 0, false), null);
            assertTrue(r.intact(), mode + " " + d + ": " + r);
            assertEquals(d == Direction.BOTH ? 40_000 : 20_000, r.packets(), mode + " " + d);
            double grantOps = r.perPacket().grantCopyOps() + r.perPacket().grantMaps() + r.perPacket().grantUnmaps();
            if (mode == DatapathMode.STAGING) {
                assertEquals(0.0, grantOps, "SG-6: staging does no grant operation per packet in steady state");
            } else {
                assertTrue(grantOps >= 1.0, mode + " " + d + ": at least one grant op per packet, got " + grantOps);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatapathMode.class)
    void threadedPairsRaceThroughTheRingsWithoutLoss(DatapathMode mode) {
        SimulationResult r = Simulation.run(new SimulationSpec(mode, Direction.BOTH, 200, 2, 30_000, 0, true), null);
        assertTrue(r.intact(), mode + " threaded: " + r);
        assertEquals(60_000, r.packets());
    }
}
