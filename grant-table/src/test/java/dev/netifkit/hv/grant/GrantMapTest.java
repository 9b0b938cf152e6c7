package dev.netifkit.hv.grant;

import dev.netifkit.hv.CounterSnapshot;
import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Fixtures;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.Hypervisor;
import dev.netifkit.hv.MappingInfo;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantMapTest {
    private static final VarHandle INT_LE = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final Hypervisor hv = Fixtures.hypervisor();
    private final Domain front = hv.createDomain(1, "front");
    private final Domain back = hv.createDomain(2, "back");
    private final Domain other = hv.createDomain(3, "other");
    private final Frame page = front.allocateFrame();
    private final int ref = grant(page, 2, false);
    private final int roRef = grant(page, 2, true);

    private int grant(Frame f, int to, boolean ro) {
        int r = front.grantTable().allocateRef();
        front.grantTable().grantAccess(r, to, f, ro);
        return r;
    }

    @Test
    void gnt4_writableMapSharesTheGrantersMemory() {
        int h = back.mapGrant(1, ref, false);
        assertTrue(h >= 0, GntStatus.name(h));
        ByteBuf view = back.mappedView(h);
        assertEquals(4096, view.capacity());
        assertTrue(view.isDirect());
        view.setIntLE(12, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, page.buf().getIntLE(12));
        page.buf().setShortLE(100, 0x1234);
        assertEquals(0x1234, view.getUnsignedShortLE(100));
        // rings are mapped pages: atomic int access through the view's nio buffer
        ByteBuffer nio = view.nioBuffer(0, 4096);
        assertTrue(nio.isDirect());
        assertTrue(INT_LE.compareAndSet(nio, 64, 0, 7));
        INT_LE.setRelease(nio, 68, 9);
        assertEquals(7, page.buf().getIntLE(64));
        assertEquals(9, (int) INT_LE.getAcquire(page.nio(), 68));
        assertEquals(List.of(new MappingInfo(h, 1, ref, false)), back.activeMappings());
        assertEquals(GntStatus.OKAY, back.unmapGrant(h));
        assertEquals(0, back.activeMappingCount());
    }

    @Test
    void gnt2_readOnlyViewRejectsWrites() {
        int h = back.mapGrant(1, roRef, true);
        assertTrue(h >= 0, GntStatus.name(h));
        ByteBuf view = back.mappedView(h);
        assertTrue(view.isReadOnly());
        page.buf().setIntLE(0, 42);
        assertEquals(42, view.getIntLE(0));
        assertThrows(ReadOnlyBufferException.class, () -> view.setIntLE(0, 1));
        assertThrows(ReadOnlyBufferException.class, () -> view.setByte(4095, 1));
        assertEquals(42, page.buf().getIntLE(0));
        // the entry reads GTF_reading only
        assertEquals(GrantEntryV1Layout.GTF_PERMIT_ACCESS | GrantEntryV1Layout.GTF_READONLY
                | GrantEntryV1Layout.GTF_READING, front.grantTable().entry(roRef).flags());
        assertEquals(GntStatus.OKAY, back.unmapGrant(h));
    }

    @Test
    void gnt2_writableMapOfReadOnlyGrantIsDenied() {
        CounterSnapshot before = back.counters().snapshot();
        assertEquals(GntStatus.PERMISSION_DENIED, back.mapGrant(1, roRef, false));
        assertFalse(front.grantTable().inUse(roRef));
        CounterSnapshot d = back.counters().snapshot().minus(before);
        assertEquals(1, d.hypercalls());
        assertEquals(0, d.grantMaps());
    }

    @Test
    void gnt2_onlyTheNamedDomainMayMap() {
        assertEquals(GntStatus.PERMISSION_DENIED, other.mapGrant(1, ref, true));
        // also while the named domain holds it mapped
        int h = back.mapGrant(1, ref, true);
        assertEquals(GntStatus.PERMISSION_DENIED, other.mapGrant(1, ref, true));
        assertEquals(GntStatus.OKAY, back.unmapGrant(h));
    }

    @Test
    void gnt3_mapStatuses() {
        assertEquals(GntStatus.BAD_DOMAIN, back.mapGrant(42, ref, false));
        assertEquals(GntStatus.BAD_DOMAIN, back.mapGrant(-5, ref, false));
        assertEquals(GntStatus.BAD_GNTREF, back.mapGrant(1, 512, false));
        assertEquals(GntStatus.BAD_GNTREF, back.mapGrant(1, -1, false));
        assertEquals(GntStatus.GENERAL_ERROR, back.mapGrant(1, 0, false));
        assertEquals(GntStatus.GENERAL_ERROR, back.mapGrant(1, 200, false));
        assertEquals(0, back.activeMappingCount());
    }

    @Test
    void gnt3_badHandleForUnknownStaleAndForeignHandles() {
        assertEquals(GntStatus.BAD_HANDLE, back.unmapGrant(0));
        assertEquals(GntStatus.BAD_HANDLE, back.unmapGrant(-1));
        assertEquals(GntStatus.BAD_HANDLE, back.unmapGrant(Integer.MAX_VALUE));
        int h = back.mapGrant(1, ref, false);
        assertEquals(GntStatus.BAD_HANDLE, other.unmapGrant(h));
        assertEquals(GntStatus.OKAY, back.unmapGrant(h));
        assertEquals(GntStatus.BAD_HANDLE, back.unmapGrant(h), "double unmap");
        int h2 = back.mapGrant(1, ref, false);
        assertNotEquals(h, h2, "a reused slot must get a new handle");
        assertEquals(GntStatus.BAD_HANDLE, back.unmapGrant(h), "stale handle after slot reuse");
        assertEquals(1, back.activeMappingCount());
        assertEquals(GntStatus.OKAY, back.unmapGrant(h2));
        assertThrows(IllegalArgumentException.class, () -> back.mappedView(h2));
    }

    @Test
    void gnt4_useOfAViewAfterUnmapThrows() {
        int h = back.mapGrant(1, ref, false);
        ByteBuf view = back.mappedView(h);
        view.retain(); // a backend keeping an extra reference must still lose the page
        back.unmapGrant(h);
        assertEquals(0, view.refCnt());
        assertThrows(IllegalReferenceCountException.class, () -> view.getByte(0));
        assertThrows(IllegalReferenceCountException.class, () -> view.setByte(0, 1));
    }

    @Test
    void gnt4_endAccessFailsWhileAnyMappingRemains() {
        int h1 = back.mapGrant(1, ref, true);
        int h2 = back.mapGrant(1, ref, false);
        GrantTable gt = front.grantTable();
        assertFalse(gt.endAccess(ref));
        back.unmapGrant(h2);
        assertEquals(GrantEntryV1Layout.GTF_PERMIT_ACCESS | GrantEntryV1Layout.GTF_READING, gt.entry(ref).flags(),
                "GTF_writing clears with the last writable mapping");
        assertFalse(gt.endAccess(ref));
        back.unmapGrant(h1);
        assertTrue(gt.endAccess(ref));
        assertEquals(GntStatus.GENERAL_ERROR, back.mapGrant(1, ref, false), "no map after access ended");
    }

    @Test
    void gnt4_oneTlbFlushPerUnmapBatch() {
        GrantMapBatch maps = new GrantMapBatch(4);
        maps.add(1, ref, false);
        maps.add(1, roRef, true);
        maps.add(1, 999, true);
        maps.add(1, ref, true);
        CounterSnapshot s0 = back.counters().snapshot();
        assertEquals(1, back.mapGrants(maps));
        assertEquals(GntStatus.BAD_GNTREF, maps.status(2));
        assertEquals(GntStatus.BAD_GNTREF, maps.handle(2));
        int[] handles = {maps.handle(0), maps.handle(1), 12345, maps.handle(3)};
        int[] status = new int[4];
        assertEquals(1, back.unmapGrants(handles, 4, status));
        assertArrayEquals(new int[] {0, 0, GntStatus.BAD_HANDLE, 0}, status);
        CounterSnapshot d = back.counters().snapshot().minus(s0);
        assertEquals(2, d.hypercalls());
        assertEquals(3, d.grantMaps());
        assertEquals(3, d.grantUnmaps());
        assertEquals(1, d.tlbFlushes());
        // an unmap call where nothing succeeds flushes nothing
        assertEquals(2, back.unmapGrants(handles, 2, null));
        assertEquals(1, back.counters().snapshot().minus(s0).tlbFlushes());
        assertThrows(IllegalArgumentException.class, () -> back.unmapGrants(handles, 5, null));
    }

    @Test
    void gnt3_noDeviceSpaceWhenTheHandleTableIsFull() {
        Domain small = hv.createDomain(4, "small", 1, 2);
        int r = grant(page, 4, true);
        int h1 = small.mapGrant(1, r, true);
        int h2 = small.mapGrant(1, r, true);
        assertTrue(h1 >= 0 && h2 >= 0);
        assertEquals(GntStatus.NO_DEVICE_SPACE, small.mapGrant(1, r, true));
        small.unmapGrant(h1);
        assertTrue(small.mapGrant(1, r, true) >= 0);
    }

    @Test
    void gnt4_mappingsOfADestroyedGranterStayValidUntilUnmapped() {
        // like a Xen domain dying with foreign mappings of its pages: the page lives on until unmapped
        int h = back.mapGrant(1, ref, false);
        hv.destroyDomain(1);
        assertEquals(GntStatus.BAD_DOMAIN, back.mapGrant(1, ref, false));
        back.mappedView(h).setByte(0, 1);
        assertEquals(GntStatus.OKAY, back.unmapGrant(h));
    }

    @Test
    void destroyDomainUnmapsItsMappings() {
        back.mapGrant(1, ref, false);
        back.mapGrant(1, roRef, true);
        assertTrue(front.grantTable().inUse(ref));
        hv.destroyDomain(2);
        assertFalse(front.grantTable().inUse(ref));
        assertFalse(front.grantTable().inUse(roRef));
        assertTrue(front.grantTable().endAccess(ref));
        assertThrows(IllegalStateException.class, () -> back.mapGrant(1, ref, false));
    }
}
