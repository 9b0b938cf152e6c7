package dev.netifkit.bench;

import dev.netifkit.proto.ctrl.CtrlRequestFlyweight;
import dev.netifkit.proto.ctrl.CtrlResponseFlyweight;
import dev.netifkit.proto.ctrl.GrefFlyweight;
import dev.netifkit.proto.extra.ExtraInfoFlyweight;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.rx.RxRequestFlyweight;
import dev.netifkit.proto.rx.RxResponseFlyweight;
import dev.netifkit.proto.tx.TxRequestFlyweight;
import dev.netifkit.proto.tx.TxRequestLayout;
import dev.netifkit.proto.tx.TxResponseFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Encode and decode of one slot of each type through netif-proto's flyweights on a direct page (the datapath's
 * way: no allocation, little-endian accessors), plus a JDK baseline: a little-endian direct {@link ByteBuffer}
 * with the same fields of a {@code netif_tx_request}.
 *
 * <p>{@code values}: all fields zero, or all fields at their maximum (u32 0xFFFFFFFF, u16 0xFFFF, s16 −1), the
 * values where sign extension and unsigned widening ({@code & 0xFFFF}) differ. Each structure sits in the last
 * slot of its ring's page (where a bounds check would first fail). Decode benchmarks return a combination of
 * every field so none is dead code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private static final int PAGE = 4096;

    @Param({"zero", "max"})
    public String values;

    /** The last slot of a page (index 255 falls on slot 127 of the control ring). */
    private static final int LAST_SLOT = 255;

    private ByteBuf page;
    private ByteBuffer jdk;
    private int txAt;
    private int rxAt;
    private int ctrlAt;

    private int u32;
    private int u16;
    private int s16;
    private int u8;
    private long mac;

    private final TxRequestFlyweight txRequest = new TxRequestFlyweight();
    private final TxResponseFlyweight txResponse = new TxResponseFlyweight();
    private final RxRequestFlyweight rxRequest = new RxRequestFlyweight();
    private final RxResponseFlyweight rxResponse = new RxResponseFlyweight();
    private final ExtraInfoFlyweight extra = new ExtraInfoFlyweight();
    private final CtrlRequestFlyweight ctrlRequest = new CtrlRequestFlyweight();
    private final CtrlResponseFlyweight ctrlResponse = new CtrlResponseFlyweight();
    private final GrefFlyweight gref = new GrefFlyweight();

    /** Allocates the page and fills every byte with the chosen boundary pattern. */
    @Setup(Level.Trial)
    public void setup() {
        boolean max = "max".equals(values);
        u32 = max ? 0xFFFF_FFFF : 0;
        u16 = max ? 0xFFFF : 0;
        s16 = max ? -1 : 0;
        u8 = max ? 0xFF : 0;
        mac = max ? 0xFFFF_FFFF_FFFFL : 0;
        page = Unpooled.directBuffer(PAGE, PAGE);
        page.writeZero(PAGE);
        jdk = ByteBuffer.allocateDirect(PAGE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < PAGE; i++) {
            page.setByte(i, u8);
            jdk.put(i, (byte) u8);
        }
        txAt = RingGeometry.TX.slotOffset(LAST_SLOT);
        rxAt = RingGeometry.RX.slotOffset(LAST_SLOT);
        ctrlAt = RingGeometry.CTRL.slotOffset(LAST_SLOT);
    }

    /** Returns the page to Netty. */
    @TearDown(Level.Trial)
    public void tearDown() {
        page.release();
    }

    // ---- netif_tx_request (12 bytes)

    /** @return the buffer, written through the flyweight */
    @Benchmark
    public ByteBuf txRequestEncode() {
        txRequest.wrap(page, txAt).gref(u32).offset(u16).flags(u16).id(u16).size(u16);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int txRequestDecode() {
        TxRequestFlyweight f = txRequest.wrap(page, txAt);
        return f.gref() ^ f.offset() ^ f.flags() << 3 ^ f.id() << 7 ^ f.size() << 11;
    }

    /** @return the JDK buffer, written with little-endian puts of the same fields */
    @Benchmark
    public ByteBuffer jdkTxRequestEncode() {
        jdk.putInt(txAt + TxRequestLayout.GREF_OFFSET, u32)
                .putShort(txAt + TxRequestLayout.OFFSET_OFFSET, (short) u16)
                .putShort(txAt + TxRequestLayout.FLAGS_OFFSET, (short) u16)
                .putShort(txAt + TxRequestLayout.ID_OFFSET, (short) u16)
                .putShort(txAt + TxRequestLayout.SIZE_OFFSET, (short) u16);
        return jdk;
    }

    /** @return every field combined, read with little-endian gets */
    @Benchmark
    public int jdkTxRequestDecode() {
        return jdk.getInt(txAt + TxRequestLayout.GREF_OFFSET)
                ^ (jdk.getShort(txAt + TxRequestLayout.OFFSET_OFFSET) & 0xFFFF)
                ^ (jdk.getShort(txAt + TxRequestLayout.FLAGS_OFFSET) & 0xFFFF) << 3
                ^ (jdk.getShort(txAt + TxRequestLayout.ID_OFFSET) & 0xFFFF) << 7
                ^ (jdk.getShort(txAt + TxRequestLayout.SIZE_OFFSET) & 0xFFFF) << 11;
    }

    // ---- netif_tx_response (first 4 bytes of a tx slot)

    /** @return the buffer */
    @Benchmark
    public ByteBuf txResponseEncode() {
        txResponse.wrap(page, txAt).id(u16).status(s16);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int txResponseDecode() {
        TxResponseFlyweight f = txResponse.wrap(page, txAt);
        return f.id() ^ f.status() << 5;
    }

    // ---- netif_rx_request (8 bytes)

    /** @return the buffer */
    @Benchmark
    public ByteBuf rxRequestEncode() {
        rxRequest.wrap(page, rxAt).id(u16).pad(u16).gref(u32);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int rxRequestDecode() {
        RxRequestFlyweight f = rxRequest.wrap(page, rxAt);
        return f.id() ^ f.pad() << 3 ^ f.gref();
    }

    // ---- netif_rx_response (8 bytes)

    /** @return the buffer */
    @Benchmark
    public ByteBuf rxResponseEncode() {
        rxResponse.wrap(page, rxAt).id(u16).offset(u16).flags(u16).status(s16);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int rxResponseDecode() {
        RxResponseFlyweight f = rxResponse.wrap(page, rxAt);
        return f.id() ^ f.offset() << 3 ^ f.flags() << 7 ^ f.status() << 11;
    }

    // ---- netif_extra_info (8 bytes): the GSO, MCAST and HASH views

    /** @return the buffer */
    @Benchmark
    public ByteBuf extraGsoEncode() {
        extra.wrap(page, txAt).type(1).flags(u8).gsoSize(u16).gsoType(u8).gsoPad(u8).gsoFeatures(u16);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int extraGsoDecode() {
        ExtraInfoFlyweight f = extra.wrap(page, txAt);
        return f.type() ^ f.flags() << 2 ^ f.gsoSize() << 4 ^ f.gsoType() << 6 ^ f.gsoPad() << 8
                ^ f.gsoFeatures() << 10;
    }

    /** @return the buffer */
    @Benchmark
    public ByteBuf extraMcastEncode() {
        extra.wrap(page, txAt).type(2).flags(u8).mcastAddr(mac);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public long extraMcastDecode() {
        ExtraInfoFlyweight f = extra.wrap(page, txAt);
        return f.type() ^ f.flags() << 2 ^ f.mcastAddr();
    }

    /** @return the buffer */
    @Benchmark
    public ByteBuf extraHashEncode() {
        extra.wrap(page, txAt).type(4).flags(u8).hashType(u8).hashAlgorithm(u8).hashValue(u32);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int extraHashDecode() {
        ExtraInfoFlyweight f = extra.wrap(page, txAt);
        return f.type() ^ f.flags() << 2 ^ f.hashType() << 4 ^ f.hashAlgorithm() << 6 ^ f.hashValue();
    }

    // ---- xen_netif_ctrl_request (16 bytes) and xen_netif_ctrl_response (12 bytes)

    /** @return the buffer */
    @Benchmark
    public ByteBuf ctrlRequestEncode() {
        ctrlRequest.wrap(page, ctrlAt).id(u16).type(u16).data0(u32).data1(u32).data2(u32);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int ctrlRequestDecode() {
        CtrlRequestFlyweight f = ctrlRequest.wrap(page, ctrlAt);
        return f.id() ^ f.type() << 3 ^ f.data0() ^ f.data1() << 1 ^ f.data2() << 2;
    }

    /** @return the buffer */
    @Benchmark
    public ByteBuf ctrlResponseEncode() {
        ctrlResponse.wrap(page, ctrlAt).id(u16).type(u16).status(u32).data(u32);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int ctrlResponseDecode() {
        CtrlResponseFlyweight f = ctrlResponse.wrap(page, ctrlAt);
        return f.id() ^ f.type() << 3 ^ f.status() ^ f.data() << 1;
    }

    // ---- xen_netif_gref (8 bytes; staging grants' list entries)

    /** @return the buffer */
    @Benchmark
    public ByteBuf grefEncode() {
        gref.wrap(page, rxAt).ref(u32).flags(u16).status(u16);
        return page;
    }

    /** @return every field combined */
    @Benchmark
    public int grefDecode() {
        GrefFlyweight f = gref.wrap(page, rxAt);
        return f.ref() ^ f.flags() << 3 ^ f.status() << 7;
    }
}
