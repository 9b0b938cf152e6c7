package dev.netifkit.conformance.scenario;

import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.Hex;
import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.RxFlags;

import java.util.List;
import java.util.function.IntFunction;

/** How failure messages show values: concise, lists cut after a few items, long byte strings abbreviated. */
final class Render {
    static final int LIST_ITEMS = 8;
    static final int HEX_BYTES = 24;

    private Render() {
    }

    static String list(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size() && i < LIST_ITEMS; i++) {
            sb.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        if (items.size() > LIST_ITEMS) {
            sb.append(", … (").append(items.size() - LIST_ITEMS).append(" more)");
        }
        return sb.append(']').toString();
    }

    static String bytes(byte[] b) {
        if (b.length <= HEX_BYTES + 8) {
            return b.length + " bytes " + (b.length == 0 ? "(none)" : Hex.encode(b));
        }
        return b.length + " bytes " + Hex.encode(b, 0, HEX_BYTES) + "…";
    }

    static String u32(int v) {
        return Integer.toUnsignedString(v);
    }

    static String opt(Integer v, IntFunction<String> namer) {
        return v == null ? "*" : namer.apply(v);
    }

    static String txStatus(int status) {
        return NetifRsp.name(status);
    }

    static String txResponse(int id, int status) {
        return status == NetifRsp.NULL ? "{NULL}" : "{id " + id + ", " + NetifRsp.name(status) + "}";
    }

    static String txResponse(Expectation.TxResponse r) {
        if (r.status() != null && !r.status().negative() && r.status().value() == NetifRsp.NULL) {
            return "{NULL}";
        }
        return "{id " + opt(r.id(), Integer::toString) + ", "
                + (r.status() == null ? "*" : r.status().describe(NetifRsp::name)) + "}";
    }

    static String rxData(int id, int offset, int flags, int status) {
        return "{id " + id + ", offset " + offset + ", flags " + RxFlags.names(flags) + ", status "
                + (status < 0 ? NetifRsp.name(status) : Integer.toString(status)) + "}";
    }

    static String rxData(Expectation.RxData d) {
        return "{id " + opt(d.id(), Integer::toString) + ", offset " + opt(d.offset(), Integer::toString) + ", flags "
                + opt(d.flags(), RxFlags::names) + ", status "
                + (d.status() == null ? "*" : d.status().describe(s -> s < 0 ? NetifRsp.name(s) : Integer.toString(s)))
                + "}";
    }

    static String ctrlStatus(int status) {
        return CtrlStatus.nameOf(status);
    }

    static String ctrlResponse(int id, int type, int status, int data) {
        return "{id " + id + ", " + CtrlType.nameOf(type) + ", " + CtrlStatus.nameOf(status) + ", data " + u32(data)
                + "}";
    }

    static String ctrlResponse(Expectation.CtrlResponse r) {
        return "{id " + opt(r.id(), Integer::toString) + ", " + opt(r.type(), CtrlType::nameOf) + ", "
                + opt(r.status(), CtrlStatus::nameOf) + ", data " + opt(r.data(), Render::u32) + "}";
    }

    /** The first offset where two byte arrays differ within their common length, or -1. */
    static int firstDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        for (int i = 0; i < n; i++) {
            if (expected[i] != actual[i]) {
                return i;
            }
        }
        return -1;
    }

    static String hexByte(byte b) {
        return String.format("%02x", b & 0xFF);
    }
}
