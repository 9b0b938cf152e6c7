package dev.netifkit.ctrl;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.ctrl.CtrlRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** The hash messages: BK-18 (algorithm, flags), BK-19 (key), BK-20 (mapping), CTRL-3. */
class HashRequestsTest {
    private static final int SUCCESS = CtrlStatus.SUCCESS.code();
    private static final int NOT_SUPPORTED = CtrlStatus.NOT_SUPPORTED.code();
    private static final int INVALID = CtrlStatus.INVALID_PARAMETER.code();
    private static final int OVERFLOW = CtrlStatus.BUFFER_OVERFLOW.code();

    private static int status(CtrlRig rig, CtrlType type, int d0, int d1, int d2) {
        return rig.call(new CtrlRequest(7, type.code(), d0, d1, d2)).status();
    }

    private static int data(CtrlRig rig, CtrlType type, int d0, int d1, int d2) {
        return rig.call(new CtrlRequest(7, type.code(), d0, d1, d2)).data();
    }

    private static byte[] seq(int n, int from) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] u32s(int... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            for (int k = 0; k < 4; k++) {
                b[i * 4 + k] = (byte) (values[i] >>> (8 * k));
            }
        }
        return b;
    }

    // ------------------------------------------------------------------ BK-18

    @ParameterizedTest(name = "algorithm {0} -> status {1}")
    @CsvSource({"0, 0", "1, 0", "2, 2", "3, 2", "255, 2", "-1, 2", "-2147483648, 2"})
    void bk18_setHashAlgorithmAcceptsOnlyNoneAndToeplitz(int algorithm, int expected) {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            rig.hash.algorithm(HashAlgorithm.TOEPLITZ);
            assertEquals(expected, status(rig, CtrlType.SET_HASH_ALGORITHM, algorithm, 0, 0));
            HashAlgorithm after = expected == SUCCESS ? HashAlgorithm.fromCode(algorithm) : HashAlgorithm.TOEPLITZ;
            assertEquals(after, rig.hash.algorithm());
        }
    }

    @Test
    void bk18_setHashAlgorithmLeavesFlagsKeyAndMappingAlone() {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(4).build()) {
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_ALGORITHM, 1, 0, 0));
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_FLAGS, 5, 0, 0));
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_KEY, rig.grantPage(seq(40, 1), true), 40, 0));
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 4, 0, 0));
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(3, 2, 1, 0), true), 4, 0));
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_ALGORITHM, 0, 0, 0));
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_ALGORITHM, 1, 0, 0));
            assertEquals(5, rig.hash.flags());
            assertArrayEquals(seq(40, 1), rig.hash.key());
            assertArrayEquals(new int[] {3, 2, 1, 0}, rig.hash.mappingTable());
        }
    }

    @Test
    void bk18_getHashFlagsNeedsAnAlgorithmAndReportsSupportedTypesNotTheSetOnes() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            assertEquals(NOT_SUPPORTED, status(rig, CtrlType.GET_HASH_FLAGS, 0, 0, 0));
            status(rig, CtrlType.SET_HASH_ALGORITHM, 1, 0, 0);
            status(rig, CtrlType.SET_HASH_FLAGS, 1, 0, 0);
            assertEquals(0xF, data(rig, CtrlType.GET_HASH_FLAGS, 0, 0, 0));
            assertEquals(SUCCESS, status(rig, CtrlType.GET_HASH_FLAGS, 0, 0, 0));
        }
    }

    @ParameterizedTest(name = "flags 0x{0}")
    @CsvSource({"0, 0", "1, 0", "F, 0", "A, 0", "10, 2", "1F, 2", "80000000, 2", "FFFFFFFF, 2"})
    void bk18_setHashFlagsRefusesBitsOutside0xF(String hexFlags, int expected) {
        int flags = Integer.parseUnsignedInt(hexFlags, 16);
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            status(rig, CtrlType.SET_HASH_ALGORITHM, 1, 0, 0);
            status(rig, CtrlType.SET_HASH_FLAGS, 3, 0, 0);
            assertEquals(expected, status(rig, CtrlType.SET_HASH_FLAGS, flags, 0, 0));
            assertEquals(expected == SUCCESS ? flags : 3, rig.hash.flags());
        }
    }

    @Test
    void bk18_setHashFlagsWithAlgorithmNoneIsInvalid() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            assertEquals(INVALID, status(rig, CtrlType.SET_HASH_FLAGS, 1, 0, 0));
            assertEquals(0, rig.hash.flags());
        }
    }

    // ------------------------------------------------------------------ BK-19

    @Test
    void bk19_keyIsReadFromTheGrantedPageAndZeroPadded() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int gref = rig.grantPage(seq(64, 0x40), true);
            Hypercalls before = Hypercalls.of(rig.back);
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_KEY, gref, 10, 0));
            CounterSnapshot d = before.delta();
            assertEquals(1, before.grantHypercalls());
            assertEquals(1, d.grantCopyOps());
            assertEquals(10, d.grantCopyBytes());
            byte[] expected = new byte[40];
            System.arraycopy(seq(10, 0x40), 0, expected, 0, 10);
            assertArrayEquals(expected, rig.hash.key());
            assertEquals(10, rig.hash.keyLength());
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_KEY, gref, 40, 0));
            assertArrayEquals(seq(40, 0x40), rig.hash.key(), "a new key replaces the old one");
        }
    }

    @ParameterizedTest(name = "length {0}")
    @CsvSource({"41", "64", "4096", "-1", "-2147483648"})
    void bk19_keyLongerThan40IsBufferOverflowBeforeAnyGrantOperation(int length) {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            int gref = rig.grantPage(seq(64, 1), true);
            status(rig, CtrlType.SET_HASH_KEY, gref, 5, 0);
            Hypercalls before = Hypercalls.of(rig.back);
            assertEquals(OVERFLOW, status(rig, CtrlType.SET_HASH_KEY, gref, length, 0));
            assertEquals(0, before.grantHypercalls());
            assertEquals(5, rig.hash.keyLength(), "the old key stays");
        }
    }

    @Test
    void bk19_lengthZeroClearsTheKeyWithoutReadingAnything() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            status(rig, CtrlType.SET_HASH_KEY, rig.grantPage(seq(40, 1), true), 40, 0);
            Hypercalls before = Hypercalls.of(rig.back);
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_KEY, 0xDEAD, 0, 0));
            assertEquals(0, before.grantHypercalls());
            assertArrayEquals(new byte[40], rig.hash.key());
            assertEquals(0, rig.hash.keyLength());
        }
    }

    @Test
    void bk19_unreadableKeyPageIsInvalidAndTheOldKeyStays() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            status(rig, CtrlType.SET_HASH_KEY, rig.grantPage(seq(40, 1), true), 40, 0);
            // never granted; granted to another domain; reserved ref
            rig.hv.createDomain(2, "other");
            var f = rig.front.allocateFrame();
            int otherGref = rig.front.grantTable().allocateRef();
            rig.front.grantTable().grantAccess(otherGref, 2, f, true);
            for (int gref : new int[] {4000, otherGref, 0, -1}) {
                assertEquals(INVALID, status(rig, CtrlType.SET_HASH_KEY, gref, 40, 0), "gref " + gref);
                assertArrayEquals(seq(40, 1), rig.hash.key());
            }
            rig.front.grantTable().endAccess(otherGref);
            rig.front.grantTable().freeRef(otherGref);
            rig.front.freeFrame(f);
        }
    }

    // ------------------------------------------------------------------ BK-20

    @Test
    void bk20_getHashMappingSizeIs128() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            assertEquals(128, data(rig, CtrlType.GET_HASH_MAPPING_SIZE, 0, 0, 0));
        }
    }

    @ParameterizedTest(name = "size {0} -> {1}")
    @CsvSource({"0, 0", "1, 0", "128, 0", "129, 2", "1024, 2", "-1, 2"})
    void bk20_setHashMappingSizeAtMost128(int size, int expected) {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 8, 0, 0);
            assertEquals(expected, status(rig, CtrlType.SET_HASH_MAPPING_SIZE, size, 0, 0));
            assertEquals(expected == SUCCESS ? size : 8, rig.hash.mappingSize());
        }
    }

    @Test
    void bk20_aNewSizeZeroesTheTable() {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(4).build()) {
            status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 4, 0, 0);
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(1, 2, 3, 3), true), 4, 0));
            assertArrayEquals(new int[] {1, 2, 3, 3}, rig.hash.mappingTable());
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 6, 0, 0));
            assertArrayEquals(new int[6], rig.hash.mappingTable());
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 4, 0, 0));
            assertArrayEquals(new int[4], rig.hash.mappingTable());
        }
    }

    @Test
    void bk20_setHashMappingReplacesOnlyTheGivenRangeFromOffsetZeroOfThePage() {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(8).build()) {
            status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 8, 0, 0);
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(7, 6, 5), true), 3, 2));
            assertArrayEquals(new int[] {0, 0, 7, 6, 5, 0, 0, 0}, rig.hash.mappingTable());
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(1, 1, 1, 4), true), 1, 7));
            assertArrayEquals(new int[] {0, 0, 7, 6, 5, 0, 0, 1}, rig.hash.mappingTable());
        }
    }

    @ParameterizedTest(name = "offset {0} + entries {1} (size 8)")
    @CsvSource({
        "1, 8", // beyond the size
        "8, 1", // starts at the end
        "-1, 2", // offset + entries wraps u32
        "2, -1", // entries huge: wraps
        "-8, 16", // wraps to exactly 8
        "0, 1025", // more than a page of entries
        "0, 129",
    })
    void bk20_setHashMappingBoundsAreInvalidParameterAndNothingIsRead(int offset, int entries) {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(4).build()) {
            status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 8, 0, 0);
            int gref = rig.grantPage(u32s(1, 1, 1, 1, 1, 1, 1, 1), true);
            status(rig, CtrlType.SET_HASH_MAPPING, gref, 8, 0);
            Hypercalls before = Hypercalls.of(rig.back);
            assertEquals(INVALID, status(rig, CtrlType.SET_HASH_MAPPING, gref, entries, offset));
            assertEquals(0, before.grantHypercalls());
            assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, rig.hash.mappingTable(), "old table stays");
        }
    }

    @Test
    void bk20_ctrl3_anEntryNamingAQueueAtOrAboveNumQueuesRefusesTheWholePiece() {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(4).build()) {
            status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 8, 0, 0);
            status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(1, 1, 1, 1, 1, 1, 1, 1), true), 8, 0);
            for (int bad : new int[] {4, 5, 0x7FFFFFFF, -1, Integer.MIN_VALUE}) {
                int gref = rig.grantPage(u32s(0, 3, 2, bad), true);
                assertEquals(INVALID, status(rig, CtrlType.SET_HASH_MAPPING, gref, 4, 2), "entry " + bad);
                assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, rig.hash.mappingTable());
            }
            // The same page with only the valid entries goes through.
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(0, 3, 2, 9), true), 3, 2));
            assertArrayEquals(new int[] {1, 1, 0, 3, 2, 1, 1, 1}, rig.hash.mappingTable());
        }
    }

    @Test
    void bk20_unreadablePageIsInvalidAndZeroEntriesReadsNothing() {
        try (CtrlRig rig = CtrlRig.builder().client(false).build()) {
            status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 8, 0, 0);
            assertEquals(INVALID, status(rig, CtrlType.SET_HASH_MAPPING, 4000, 2, 0));
            Hypercalls before = Hypercalls.of(rig.back);
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING, 4000, 0, 8));
            assertEquals(0, before.grantHypercalls());
            assertArrayEquals(new int[8], rig.hash.mappingTable());
        }
    }

    @Test
    void bk20_theDatapathsTableIsNeverWrittenInPlace() {
        try (CtrlRig rig = CtrlRig.builder().client(false).queues(4).build()) {
            status(rig, CtrlType.SET_HASH_MAPPING_SIZE, 4, 0, 0);
            int[] active = rig.hash.mappingArray();
            int[] snapshot = active.clone();
            assertEquals(SUCCESS, status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(3, 2, 1, 0), true), 4, 0));
            assertNotSame(active, rig.hash.mappingArray(), "double buffer: a new array became active");
            assertArrayEquals(snapshot, active, "the array the datapath held was not touched");
            int[] second = rig.hash.mappingArray();
            int[] secondSnapshot = second.clone();
            assertEquals(INVALID, status(rig, CtrlType.SET_HASH_MAPPING, rig.grantPage(u32s(3, 9), true), 2, 0));
            assertEquals(second, rig.hash.mappingArray(), "a refused piece swaps nothing");
            assertArrayEquals(secondSnapshot, second);
            assertEquals("[3, 2, 1, 0]", Arrays.toString(rig.hash.mappingTable()));
        }
    }
}
