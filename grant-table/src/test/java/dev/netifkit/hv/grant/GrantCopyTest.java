package dev.netifkit.hv.grant;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Fixtures;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.netifkit.hv.Fixtures.bytes;
import static dev.netifkit.hv.Fixtures.fill;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GrantCopyTest {
    private final Hypervisor hv = Fixtures.hypervisor();
    private final Domain front = hv.createDomain(1, "front");
    private final Domain back = hv.createDomain(2, "back");
    private final Domain other = hv.createDomain(3, "other");
    private final Frame page = front.allocateFrame();
    private final Frame roPage = front.allocateFrame();
    private final Frame local = back.allocateFrame();
    private final int ref = grant(page, 2, false);
    private final int roRef = grant(roPage, 2, true);
    private final GrantCopyBatch batch = new GrantCopyBatch(8);

    GrantCopyTest() {
        fill(page, 1);
        fill(roPage, 50);
        fill(local, 100);
    }

    private int grant(Frame f, int to, boolean ro) {
        int r = front.grantTable().allocateRef();
        front.grantTable().grantAccess(r, to, f, ro);
        return r;
    }

    /** Runs a one-op batch and checks that a failing op changed no byte anywhere and counted one failure. */
    private int copyOne(Domain caller) {
        byte[] p = bytes(page);
        byte[] ro = bytes(roPage);
        byte[] l = bytes(local);
        CounterSnapshot before = caller.counters().snapshot();
        int failures = caller.grantCopy(batch);
        CounterSnapshot d = caller.counters().snapshot().minus(before);
        int st = batch.status(0);
        assertEquals(st == GntStatus.OKAY ? 0 : 1, failures);
        assertEquals(1, d.hypercalls());
        assertEquals(1, d.grantCopyOps());
        if (st != GntStatus.OKAY) {
            assertArrayEquals(p, bytes(page), "failed op wrote the granted page");
            assertArrayEquals(ro, bytes(roPage), "failed op wrote the read-only page");
            assertArrayEquals(l, bytes(local), "failed op wrote the local page");
            assertEquals(0, d.grantCopyBytes());
            assertEquals(1, d.grantCopyFailures());
        }
        assertFalse(front.grantTable().inUse(ref), "copy left GTF_reading/writing set");
        batch.clear();
        return st;
    }

    @Test
    void gnt3_okayFromGrefCopiesTheBytes() {
        batch.addFromGref(1, ref, 100, local, 200, 300);
        assertEquals(GntStatus.OKAY, copyOne(back));
        for (int i = 0; i < 300; i++) {
            assertEquals(page.buf().getByte(100 + i), local.buf().getByte(200 + i), "byte " + i);
        }
        assertEquals(300, back.counters().snapshot().grantCopyBytes());
    }

    @Test
    void gnt3_okayToGrefAndWholePage() {
        batch.addToGref(local, 0, 1, ref, 0, 4096);
        assertEquals(GntStatus.OKAY, copyOne(back));
        assertArrayEquals(bytes(local), bytes(page));
    }

    @Test
    void gnt3_okayGrefToGrefAndZeroLength() {
        Frame second = front.allocateFrame();
        int ref2 = grant(second, 2, false);
        batch.addGrefToGref(1, roRef, 10, 1, ref2, 20, 30);
        assertEquals(GntStatus.OKAY, copyOne(back));
        assertEquals(roPage.buf().getByte(10), second.buf().getByte(20));
        batch.addFromGref(1, ref, 4096, local, 4096, 0);
        assertEquals(GntStatus.OKAY, copyOne(back));
    }

    @Test
    void gnt3_badDomain() {
        batch.addFromGref(9, ref, 0, local, 0, 10);
        assertEquals(GntStatus.BAD_DOMAIN, copyOne(back));
        batch.addToGref(local, 0, 0x7FF0, ref, 0, 10);
        assertEquals(GntStatus.BAD_DOMAIN, copyOne(back));
        batch.addToGref(local, 0, -1, ref, 0, 10);
        assertEquals(GntStatus.BAD_DOMAIN, copyOne(back));
    }

    @Test
    void gnt3_badGntref() {
        batch.addFromGref(1, 512, 0, local, 0, 10);
        assertEquals(GntStatus.BAD_GNTREF, copyOne(back));
        batch.addFromGref(1, -1, 0, local, 0, 10);
        assertEquals(GntStatus.BAD_GNTREF, copyOne(back));
        batch.addFromGref(1, Integer.MIN_VALUE, 0, local, 0, 10);
        assertEquals(GntStatus.BAD_GNTREF, copyOne(back));
    }

    @Test
    void gnt1_reservedAndUngrantedEntriesAreGeneralError() {
        for (int r = 0; r < 8; r++) {
            batch.addFromGref(1, r, 0, local, 0, 10);
            assertEquals(GntStatus.GENERAL_ERROR, copyOne(back), "reserved ref " + r);
        }
        batch.addFromGref(1, 300, 0, local, 0, 10);
        assertEquals(GntStatus.GENERAL_ERROR, copyOne(back));
    }

    @Test
    void gnt2_onlyTheNamedDomainMayCopy() {
        Frame theirs = other.allocateFrame();
        batch.addFromGref(1, ref, 0, theirs, 0, 10);
        assertEquals(GntStatus.PERMISSION_DENIED, copyOne(other));
        batch.addToGref(theirs, 0, 1, ref, 0, 10);
        assertEquals(GntStatus.PERMISSION_DENIED, copyOne(other));
    }

    @Test
    void gnt2_readOnlyGrantRefusesCopyInto() {
        batch.addToGref(local, 0, 1, roRef, 0, 10);
        assertEquals(GntStatus.PERMISSION_DENIED, copyOne(back));
        batch.addFromGref(1, roRef, 0, local, 0, 10);
        assertEquals(GntStatus.OKAY, copyOne(back));
    }

    @ParameterizedTest(name = "srcOff={0} dstOff={1} len={2}")
    @CsvSource({
        "4000, 0, 97", "0, 4000, 97", "1, 0, 4096", "0, 0, 4097", "-1, 0, 10", "0, -1, 10", "0, 0, -1",
        "4096, 0, 1", "2147483647, 0, 1", "0, 0, 2147483647", "-2147483648, 0, 0",
    })
    void gnt3_copyAcrossFrameIsBadCopyArg(int srcOff, int dstOff, int len) {
        batch.addFromGref(1, ref, srcOff, local, dstOff, len);
        assertEquals(GntStatus.BAD_COPY_ARG, copyOne(back));
        batch.addLocal(local, srcOff, local, dstOff, len);
        assertEquals(GntStatus.BAD_COPY_ARG, copyOne(back));
    }

    @Test
    void gnt3_badPageForAFrameOfAnotherDomainOrFreed() {
        Frame theirs = other.allocateFrame();
        batch.addFromGref(1, ref, 0, theirs, 0, 10);
        assertEquals(GntStatus.BAD_PAGE, copyOne(back));
        batch.addLocal(page, 0, local, 0, 10);
        assertEquals(GntStatus.BAD_PAGE, copyOne(back));
        Frame gone = back.allocateFrame();
        back.freeFrame(gone);
        batch.addFromGref(1, ref, 0, gone, 0, 10);
        assertEquals(GntStatus.BAD_PAGE, copyOne(back));
    }

    @Test
    void gnt3_checksInTheDocumentedOrder() {
        // wrong domain beats bad copy args beats bad page
        Frame theirs = other.allocateFrame();
        batch.addFromGref(1, ref, 4000, theirs, 0, 200);
        assertEquals(GntStatus.PERMISSION_DENIED, copyOne(other));
        batch.addFromGref(1, ref, 4000, theirs, 0, 200);
        assertEquals(GntStatus.BAD_COPY_ARG, copyOne(back));
        // bad gref beats not granted: source bad domain before destination anything
        batch.addGrefToGref(9, 5000, 0, 1, 600, 0, 10);
        assertEquals(GntStatus.BAD_DOMAIN, copyOne(back));
        batch.addGrefToGref(1, 5, 0, 1, 600, 0, 10);
        assertEquals(GntStatus.BAD_GNTREF, copyOne(back));
        // source general error before destination permission denied
        batch.addGrefToGref(1, 5, 0, 1, roRef, 0, 10);
        assertEquals(GntStatus.GENERAL_ERROR, copyOne(back));
    }

    @Test
    void gnt3_eachOpOfABatchIsCheckedSeparately() {
        batch.addFromGref(1, ref, 0, local, 0, 16);
        batch.addFromGref(1, ref, 4090, local, 0, 16);
        batch.addFromGref(9, ref, 0, local, 0, 16);
        batch.addToGref(local, 0, 1, roRef, 0, 16);
        batch.addLocal(local, 0, local, 32, 16);
        CounterSnapshot before = back.counters().snapshot();
        assertEquals(3, back.grantCopy(batch));
        assertEquals(GntStatus.OKAY, batch.status(0));
        assertEquals(GntStatus.BAD_COPY_ARG, batch.status(1));
        assertEquals(GntStatus.BAD_DOMAIN, batch.status(2));
        assertEquals(GntStatus.PERMISSION_DENIED, batch.status(3));
        assertEquals(GntStatus.OKAY, batch.status(4));
        CounterSnapshot d = back.counters().snapshot().minus(before);
        assertEquals(new CounterSnapshot(1, 5, 32, 3, 0, 0, 0, 0, 0, 0, 0), d);
    }

    @Test
    void batchMisuseThrows() {
        GrantCopyBatch b = new GrantCopyBatch(1);
        b.addLocal(local, 0, local, 0, 1);
        assertThrows(IllegalStateException.class, () -> b.addLocal(local, 0, local, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> b.status(1));
        assertThrows(IllegalArgumentException.class, () -> b.addFromGref(1, 1, 0, null, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new GrantCopyBatch(0));
        assertEquals(GrantCopyBatch.NOT_SUBMITTED, b.status(0));
    }

    @Test
    void gnt3_statusNames() {
        assertEquals("GNTST_okay", GntStatus.name(GntStatus.OKAY));
        assertEquals("GNTST_bad_copy_arg", GntStatus.name(GntStatus.BAD_COPY_ARG));
        assertEquals("GNTST_eagain", GntStatus.name(GntStatus.EAGAIN));
        assertEquals("GNTST_unknown(-99)", GntStatus.name(-99));
        assertEquals("GNTST_unknown(1)", GntStatus.name(1));
        int[] codes = {GntStatus.OKAY, GntStatus.GENERAL_ERROR, GntStatus.BAD_DOMAIN, GntStatus.BAD_GNTREF,
            GntStatus.BAD_HANDLE, GntStatus.BAD_VIRT_ADDR, GntStatus.BAD_DEV_ADDR, GntStatus.NO_DEVICE_SPACE,
            GntStatus.PERMISSION_DENIED, GntStatus.BAD_PAGE, GntStatus.BAD_COPY_ARG, GntStatus.ADDRESS_TOO_BIG,
            GntStatus.EAGAIN};
        for (int i = 0; i < codes.length; i++) {
            assertEquals(-i, codes[i]);
        }
    }
}
