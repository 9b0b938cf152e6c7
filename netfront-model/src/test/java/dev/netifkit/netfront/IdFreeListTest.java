package dev.netifkit.netfront;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.DynamicTest;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class IdFreeListTest {

    @Test
    void hands_out_every_id_once_then_none() {
        IdFreeList ids = new IdFreeList(256);
        BitSet seen = new BitSet();
        for (int i = 0; i < 256; i++) {
            int id = ids.allocate();
            assertTrue(id >= 0 && id < 256, "id " + id);
            assertFalse(seen.get(id), "id " + id + " handed out twice");
            seen.set(id);
        }
        assertEquals(-1, ids.allocate());
        assertEquals(0, ids.available());
        assertEquals(256, ids.inFlightCount());
    }

    @Test
    void fr2_releaseRefusesOutOfRangeAndNotInFlight() {
        IdFreeList ids = new IdFreeList(256);
        int id = ids.allocate();
        assertFalse(ids.release(256), "id = entries");
        assertFalse(ids.release(0xFFFF), "id 65535");
        assertFalse(ids.release(-1), "negative");
        assertFalse(ids.release(id + 1), "never allocated (unsolicited)");
        assertTrue(ids.release(id));
        assertFalse(ids.release(id), "duplicate");
        assertEquals(256, ids.available());
    }

    @Test
    void capacity_limits() {
        assertThrows(IllegalArgumentException.class, () -> new IdFreeList(0));
        assertThrows(IllegalArgumentException.class, () -> new IdFreeList(0x10001));
    }

    /** Law: against a plain set model, random allocate/release sequences never hand out an id in flight. */
    @TestFactory
    Stream<DynamicTest> fr2_freeListMatchesASetModel() {
        long base = Seeds.base();
        return IntStream.range(0, 20).mapToObj(i -> base + i).map(seed -> DynamicTest.dynamicTest(
                Seeds.replay(seed), () -> run(seed)));
    }

    private static void run(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        IdFreeList ids = new IdFreeList(256);
        BitSet model = new BitSet();
        List<String> trace = new ArrayList<>();
        for (int step = 0; step < 2000; step++) {
            if (r.nextInt(3) > 0) {
                int id = ids.allocate();
                trace.add("alloc " + id);
                if (model.cardinality() == 256) {
                    check(id == -1, seed, trace);
                } else {
                    check(id >= 0 && !model.get(id), seed, trace);
                    model.set(id);
                }
            } else {
                // skewed to the boundaries: in flight, free, 255/256, huge
                int id = switch (r.nextInt(4)) {
                    case 0 -> r.nextInt(256);
                    case 1 -> 255 + r.nextInt(2);
                    case 2 -> Math.max(0, model.nextSetBit(r.nextInt(256)));
                    default -> r.nextInt(0x10000);
                };
                boolean ok = ids.release(id);
                trace.add("release " + id + " -> " + ok);
                check(ok == (id >= 0 && id < 256 && model.get(id)), seed, trace);
                if (ok) {
                    model.clear(id);
                }
            }
            check(ids.inFlightCount() == model.cardinality(), seed, trace);
        }
    }

    private static void check(boolean ok, long seed, List<String> trace) {
        if (!ok) {
            fail(Seeds.replay(seed) + ": " + trace.subList(Math.max(0, trace.size() - 10), trace.size()));
        }
    }
}
