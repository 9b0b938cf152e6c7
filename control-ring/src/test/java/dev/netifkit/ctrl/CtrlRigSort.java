package dev.netifkit.ctrl;

import java.util.Arrays;

/** Sorting helpers for expected gref lists (u32 order, as {@link GrefMappingTable#grefs()} gives them). */
final class CtrlRigSort {
    private CtrlRigSort() {
    }

    static int[] unsigned(int... v) {
        return Arrays.stream(v).boxed().sorted(Integer::compareUnsigned).mapToInt(Integer::intValue).toArray();
    }
}
