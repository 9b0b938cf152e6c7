package dev.netifkit.netfront;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

class TxSlotsTest {

    @ParameterizedTest(name = "offset {0} + {1} bytes -> {2} slots")
    @CsvSource({
        "0, 1, 1", "0, 4096, 1", "0, 4097, 2", "4095, 1, 1", "4095, 2, 1", "4082, 15, 2", "4000, 96, 1", "4000, 97, 2",
        "0, 65535, 16", "4082, 65535, 17", "100, 8192, 3", "0, 8192, 2",
    })
    void tx4_slotsFollowPageBoundaries(int offset, int length, int slots) {
        int eff = TxSlots.effectiveOffset(offset, length);
        assertEquals(slots, TxSlots.requestSlots(eff, length));
    }

    @ParameterizedTest(name = "offset {0} + {1} bytes starts at {2}")
    @CsvSource({"4082, 100, 4082", "4083, 100, 0", "4095, 100, 0", "4095, 1, 4095", "4090, 6, 4090", "4090, 7, 0"})
    void bk7_firstSlotShorterThanEthernetHeaderIsRealigned(int offset, int length, int expected) {
        assertEquals(expected, TxSlots.effectiveOffset(offset, length));
    }

    @Test
    void tx5_thresholdsAreNrSlotsMin() {
        assertEquals(18, TxSlots.MAX_FOLLOWERS);
        assertEquals(19, TxSlots.STOP_THRESHOLD);
    }

    /**
     * Law: for any packet, the slots tile it exactly, none crosses its page (TX-4), only the first starts at an
     * offset, every slot but the last ends on a page boundary, and a first slot of a longer packet holds ≥ 14 bytes.
     */
    @TestFactory
    Stream<DynamicTest> tx4_slotsTileThePacketWithinPages() {
        long base = Seeds.base();
        return IntStream.range(0, 10).mapToObj(i -> base + 1000 + i)
                .map(seed -> DynamicTest.dynamicTest(Seeds.replay(seed), () -> tile(seed)));
    }

    private static void tile(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int n = 0; n < 5000; n++) {
            // skewed to boundaries: offsets near page ends, lengths near multiples of 4096
            int offset = switch (r.nextInt(3)) {
                case 0 -> r.nextInt(4096);
                case 1 -> 4096 - 1 - r.nextInt(20);
                default -> r.nextInt(4);
            };
            int length = switch (r.nextInt(3)) {
                case 0 -> 1 + r.nextInt(65535);
                case 1 -> Math.max(1, Math.min(65535, 4096 * (1 + r.nextInt(16)) + r.nextInt(5) - 2));
                default -> 1 + r.nextInt(40);
            };
            int eff = TxSlots.effectiveOffset(offset, length);
            int slots = TxSlots.requestSlots(eff, length);
            int sum = 0;
            int pageOff = eff;
            for (int k = 0; k < slots; k++) {
                int chunk = Math.min(length - sum, 4096 - pageOff);
                if (chunk <= 0 || pageOff + chunk > 4096) {
                    fail(Seeds.replay(seed) + ": offset " + offset + " length " + length + " slot " + k + " chunk "
                            + chunk + " at " + pageOff);
                }
                if (k == 0 && chunk != TxSlots.firstChunk(eff, length)) {
                    fail(Seeds.replay(seed) + ": first chunk of offset " + offset + " length " + length);
                }
                if (k == 0 && chunk < length && chunk < 14) {
                    fail(Seeds.replay(seed) + ": first slot of " + chunk + " bytes for offset " + offset + " length "
                            + length);
                }
                sum += chunk;
                pageOff = 0;
            }
            if (sum != length || slots - 1 > TxSlots.MAX_FOLLOWERS) {
                fail(Seeds.replay(seed) + ": offset " + offset + " length " + length + " -> " + slots + " slots, sum "
                        + sum);
            }
        }
    }
}
