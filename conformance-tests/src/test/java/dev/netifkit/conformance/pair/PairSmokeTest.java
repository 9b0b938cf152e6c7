package dev.netifkit.conformance.pair;

import dev.netifkit.netback.DatapathMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairSmokeTest {

    @ParameterizedTest
    @EnumSource(DatapathMode.class)
    void everyModeMovesTrafficBothWaysIntact(DatapathMode mode) {
        for (Direction d : Direction.values()) {
            SimulationResult r = Simulation.run(new SimulationSpec(mode, d, 64, 1, 20_000, 0, false), null);
            assertTrue(r.intact(), mode + " " + d + ": " + r);
            assertEquals(d == Direction.BOTH ? 40_000 : 20_000, r.packets(), mode + " " + d);
        }
    }
}
