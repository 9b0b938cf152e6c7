package dev.netifkit.conformance.gen;

import dev.netifkit.conformance.property.Gen;
import dev.netifkit.proto.MacAddress;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.extra.ExtraInfo;
import dev.netifkit.proto.extra.GsoExtra;
import dev.netifkit.proto.extra.HashExtra;
import dev.netifkit.proto.extra.McastExtra;
import dev.netifkit.proto.extra.RawExtra;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.rx.RxResponse;
import dev.netifkit.proto.tx.TxRequest;
import dev.netifkit.proto.tx.TxResponse;

import java.util.SplittableRandom;

/**
 * Generators of wire values skewed to the boundaries where codecs and validators break (STYLE 14): 0, 1, the
 * page size ±1, the sign bit of each width, all-ones, and values just below 2^32 for u32 indices.
 */
public final class WireGen {
    private static final int[] U8_EDGES = {0, 1, 2, 4, 5, 0x7F, 0x80, 0xFE, 0xFF};
    private static final int[] U16_EDGES = {0, 1, 13, 14, 128, 4095, 4096, 4097, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF};
    private static final int[] S16_EDGES = {0, 1, -1, -2, 4096, Short.MAX_VALUE, Short.MIN_VALUE};
    private static final int[] U32_EDGES = {0, 1, 7, 8, 0x7FFF_FFFF, 0x8000_0000, -2, -1, 4096, 0xFFFF};

    private WireGen() {
    }

    /** @return u8 values, a third of them at an edge */
    public static Gen<Integer> u8() {
        return r -> r.nextInt(3) == 0 ? U8_EDGES[r.nextInt(U8_EDGES.length)] : r.nextInt(0x100);
    }

    /** @return u16 values, a third of them at an edge */
    public static Gen<Integer> u16() {
        return r -> r.nextInt(3) == 0 ? U16_EDGES[r.nextInt(U16_EDGES.length)] : r.nextInt(0x10000);
    }

    /** @return s16 values, a third of them at an edge */
    public static Gen<Integer> s16() {
        return r -> r.nextInt(3) == 0 ? S16_EDGES[r.nextInt(S16_EDGES.length)] : (int) (short) r.nextInt(0x10000);
    }

    /** @return u32 values (in an int), a third at an edge */
    public static Gen<Integer> u32() {
        return r -> r.nextInt(3) == 0 ? U32_EDGES[r.nextInt(U32_EDGES.length)] : r.nextInt();
    }

    /**
     * Ring indices: uniform, or within a few hundred of 2^32 (so a burst wraps), or near 2^31.
     *
     * @return u32 start indices
     */
    public static Gen<Integer> ringIndex() {
        return r -> {
            switch (r.nextInt(4)) {
                case 0:
                    return -r.nextInt(1, 600);
                case 1:
                    return 0x8000_0000 - r.nextInt(600);
                case 2:
                    return r.nextInt(600);
                default:
                    return r.nextInt();
            }
        };
    }

    /** @return tx requests with edge field values */
    public static Gen<TxRequest> txRequests() {
        return r -> new TxRequest(u32().next(r), u16().next(r), u16().next(r), u16().next(r), u16().next(r));
    }

    /** @return tx responses with edge field values */
    public static Gen<TxResponse> txResponses() {
        return r -> new TxResponse(u16().next(r), s16().next(r));
    }

    /** @return rx requests with edge field values */
    public static Gen<RxRequest> rxRequests() {
        return r -> new RxRequest(u16().next(r), u16().next(r), u32().next(r));
    }

    /** @return rx responses with edge field values */
    public static Gen<RxResponse> rxResponses() {
        return r -> new RxResponse(u16().next(r), u16().next(r), u16().next(r), s16().next(r));
    }

    /** @return control requests with edge field values (any type code) */
    public static Gen<CtrlRequest> ctrlRequests() {
        return r -> new CtrlRequest(u16().next(r), u16().next(r), u32().next(r), u32().next(r), u32().next(r));
    }

    /** @return control responses with edge field values */
    public static Gen<CtrlResponse> ctrlResponses() {
        return r -> new CtrlResponse(u16().next(r), u16().next(r), u32().next(r), u32().next(r));
    }

    /** @return gref list entries with edge field values */
    public static Gen<Gref> grefs() {
        return r -> new Gref(u32().next(r), u16().next(r), u16().next(r));
    }

    /** @return extra-info slots of every type, including NONE and unknown types */
    public static Gen<ExtraInfo> extras() {
        return r -> extra(r, r.nextInt(6));
    }

    private static ExtraInfo extra(SplittableRandom r, int kind) {
        int flags = u8().next(r);
        switch (kind) {
            case 0:
                return new GsoExtra(flags, u16().next(r), u8().next(r), u8().next(r), u16().next(r));
            case 1:
                return new McastExtra(2 + r.nextInt(2), flags, new MacAddress(r.nextLong() & 0xFFFF_FFFF_FFFFL));
            case 2:
                return new HashExtra(flags, u8().next(r), u8().next(r), u32().next(r));
            case 3:
                return new RawExtra(0, flags, u16().next(r), u16().next(r), u16().next(r));
            default:
                return new RawExtra(r.nextInt(5, 256), flags, u16().next(r), u16().next(r), u16().next(r));
        }
    }
}
