package dev.netifkit.ctrl;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The gref mapping table's lookup structure (SG-6: O(1), no allocation, any u32 gref) and in-flight marks (SG-4). */
class GrefMappingTableTest {

    @Test
    void sg6_anyU32GrefIsALegalKeyIncludingZeroAndTheTopBit() {
        GrefMappingTable t = new GrefMappingTable(0, 8);
        int[] keys = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1, 8, 0x10000};
        for (int k : keys) {
            assertEquals(-1, t.find(k));
        }
        for (int i = 0; i < keys.length; i++) {
            assertEquals(i, t.add(keys[i], 100 + i, null, i % 2 == 0), "entries fill from 0");
        }
        for (int i = 0; i < keys.length; i++) {
            int e = t.find(keys[i]);
            assertEquals(i, e);
            assertEquals(keys[i], t.gref(e));
            assertEquals(100 + i, t.handle(e));
            assertEquals(i % 2 == 0, t.readonly(e));
        }
        assertEquals(-1, t.find(2));
        assertArrayEquals(new int[] {0, 1, 8, 0x10000, Integer.MAX_VALUE, Integer.MIN_VALUE, -1}, t.grefs(),
                "sorted as unsigned");
    }

    @Test
    void sg6_entryIndicesStayPutWhileMappedAndAreReused() {
        GrefMappingTable t = new GrefMappingTable(3, 4);
        int a = t.add(10, 0, null, false);
        int b = t.add(20, 1, null, false);
        int c = t.add(30, 2, null, false);
        assertEquals(1, t.remove(b));
        assertEquals(a, t.find(10));
        assertEquals(c, t.find(30));
        assertEquals(b, t.add(40, 3, null, false), "the freed entry is reused");
        assertEquals(3, t.size());
        assertEquals(3, t.queue());
    }

    @Test
    void sg4_inFlightMarksCountAndMisuseThrows() {
        GrefMappingTable t = new GrefMappingTable(0, 2);
        int e = t.add(5, 0, null, false);
        t.markInFlight(e);
        t.markInFlight(e);
        assertEquals(2, t.inFlight(e));
        t.clearInFlight(e);
        t.clearInFlight(e);
        assertEquals(0, t.inFlight(e));
        IllegalStateException ise = assertThrows(IllegalStateException.class, () -> t.clearInFlight(e));
        assertTrue(ise.getMessage().contains("gref 5"), ise.getMessage());
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> t.view(1));
        assertTrue(iae.getMessage().contains("entry 1"), iae.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.markInFlight(-1));
        assertThrows(IllegalArgumentException.class, () -> t.gref(2));
        t.remove(e);
        assertThrows(IllegalArgumentException.class, () -> t.inFlight(e), "a removed entry is not mapped");
    }

    @Test
    void capacityBoundsAndFullOrDuplicateAddsAreHandlerBugs() {
        assertThrows(IllegalArgumentException.class, () -> new GrefMappingTable(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new GrefMappingTable(0, GrefMappingTable.MAX_CAPACITY + 1));
        assertThrows(IllegalArgumentException.class, () -> new GrefMappingTable(-1, 4));
        GrefMappingTable empty = new GrefMappingTable(0, 0);
        assertEquals(-1, empty.find(0));
        assertThrows(IllegalStateException.class, () -> empty.add(1, 0, null, false));
        GrefMappingTable t = new GrefMappingTable(0, 2);
        t.add(7, 0, null, false);
        assertThrows(IllegalStateException.class, () -> t.add(7, 1, null, false));
        t.add(8, 1, null, false);
        assertThrows(IllegalStateException.class, () -> t.add(9, 2, null, false));
    }

    @Test
    void hitAndMissCountersAreTheDatapaths() {
        GrefMappingTable t = new GrefMappingTable(0, 2);
        t.recordHit();
        t.recordHit();
        t.recordMiss();
        assertEquals(2, t.hits());
        assertEquals(1, t.misses());
    }

    // ------------------------------------------------------------------ property: table vs HashMap

    /** Keys skewed to boundaries and to collisions: small refs, the top of u32, equal low bits, random. */
    private static int key(SplittableRandom r) {
        switch (r.nextInt(5)) {
            case 0:
                return r.nextInt(16);
            case 1:
                return -1 - r.nextInt(16);
            case 2:
                return r.nextInt(64) << 16;
            case 3:
                return Integer.MIN_VALUE + r.nextInt(16);
            default:
                return r.nextInt();
        }
    }

    @TestFactory
    Stream<DynamicTest> sg6_findAgreesWithAHashMapUnderRandomChurn() {
        return LongStream.of(Seeds.seeds(40, 0x5E6_7AB1EL)).mapToObj(seed ->
                DynamicTest.dynamicTest("seed " + seed, () -> churn(seed)));
    }

    private static void churn(long seed) {
        int steps = 3000;
        int failingStep = runChurn(seed, steps, null);
        if (failingStep < 0) {
            return;
        }
        // Shrink: the shortest failing prefix of the same sequence.
        List<String> log = new ArrayList<>();
        runChurn(seed, failingStep + 1, log);
        fail(Seeds.replayHint(seed) + ": table and model disagree at step " + failingStep + "; last ops "
                + log.subList(Math.max(0, log.size() - 12), log.size()));
    }

    /** Runs {@code steps} ops; returns the first failing step or −1. */
    private static int runChurn(long seed, int steps, List<String> log) {
        SplittableRandom r = new SplittableRandom(seed);
        int capacity = new int[] {1, 2, 7, 64, 512, 513}[r.nextInt(6)];
        GrefMappingTable t = new GrefMappingTable(0, capacity);
        Map<Integer, Integer> model = new HashMap<>();
        boolean sawFull = false;
        for (int step = 0; step < steps; step++) {
            int k = key(r);
            boolean doAdd = r.nextInt(100) < 55;
            if (log != null) {
                log.add((doAdd ? "add " : "remove ") + Integer.toUnsignedString(k));
            }
            if (doAdd && !model.containsKey(k) && model.size() < capacity) {
                int e = t.add(k, k ^ 0x5A5A, null, false);
                model.put(k, e);
            } else if (!doAdd && model.containsKey(k)) {
                t.remove(model.remove(k));
            }
            sawFull |= model.size() == capacity;
            if (t.size() != model.size()) {
                return step;
            }
            for (Map.Entry<Integer, Integer> m : model.entrySet()) {
                if (t.find(m.getKey()) != m.getValue() || t.handle(m.getValue()) != (m.getKey() ^ 0x5A5A)) {
                    return step;
                }
            }
            for (int i = 0; i < 8; i++) {
                int probe = key(r);
                if (!model.containsKey(probe) && t.find(probe) != -1) {
                    return step;
                }
            }
        }
        if (log == null && capacity <= 64 && !sawFull) {
            throw new AssertionError(Seeds.replayHint(seed) + ": coverage: the table never filled up");
        }
        return -1;
    }

    // ------------------------------------------------------------------ no allocation

    @Test
    void sg6_lookupAllocatesNothing() {
        GrefMappingTable t = new GrefMappingTable(0, 512);
        SplittableRandom r = new SplittableRandom(7);
        int[] keys = new int[1024];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = r.nextInt();
            if (i < 512) {
                t.add(keys[i], i, null, false);
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sink = lookups(t, keys); // warm up
        long before = mx.getCurrentThreadAllocatedBytes();
        sink += lookups(t, keys);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sink != 42, "keep the result alive");
        // 1M lookups: boxing or a per-lookup object would allocate megabytes; the probe itself allocates nothing.
        assertTrue(allocated < 64 * 1024, "allocated " + allocated + " bytes in 1M lookups");
    }

    private static long lookups(GrefMappingTable t, int[] keys) {
        long sum = 0;
        for (int round = 0; round < 1024; round++) {
            for (int k : keys) {
                sum += t.find(k);
            }
        }
        return sum;
    }
}
