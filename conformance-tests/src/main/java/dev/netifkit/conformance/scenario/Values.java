package dev.netifkit.conformance.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.MacAddress;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.NetifRsp;
import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.extra.ExtraInfo;
import dev.netifkit.proto.extra.GsoExtra;
import dev.netifkit.proto.extra.HashExtra;
import dev.netifkit.proto.extra.McastExtra;
import dev.netifkit.proto.extra.RawExtra;

import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.function.ToIntFunction;

/** Values that take a name or a number in scenario files: flags, statuses, types, extras. */
final class Values {
    private static final String TX_FLAG_NAMES = "csum_blank, data_validated, more_data, extra_info";
    private static final String RX_FLAG_NAMES = "data_validated, csum_blank, more_data, extra_info, gso_prefix";

    private Values() {
    }

    /** NETTXF_* flags: a u16 or a list of names. */
    static int txFlags(JsonNode v, String path) throws Invalid {
        return flags(v, path, TxFlags::bit, TX_FLAG_NAMES);
    }

    /** NETRXF_* flags: a u16 or a list of names. */
    static int rxFlags(JsonNode v, String path) throws Invalid {
        return flags(v, path, RxFlags::bit, RX_FLAG_NAMES);
    }

    /** xen_netif_gref flags: a u16 or a list of names ({@code readonly}). */
    static int grefFlags(JsonNode v, String path) throws Invalid {
        return flags(v, path, n -> n.equals("readonly") ? NetifConstants.CTRLF_GREF_READONLY : -1, "readonly");
    }

    private static int flags(JsonNode v, String path, ToIntFunction<String> bit, String names) throws Invalid {
        if (v.isArray()) {
            int flags = 0;
            List<JsonNode> list = Obj.array(v, path);
            for (int i = 0; i < list.size(); i++) {
                String name = Obj.string(list.get(i), path + "[" + i + "]");
                int b = bit.applyAsInt(name);
                if (b < 0) {
                    throw new Invalid(path + "[" + i + "]", "unknown flag '" + name + "' (expected " + names + ")");
                }
                flags |= b;
            }
            return flags;
        }
        if (v.isIntegralNumber()) {
            return (int) Obj.integer(v, path, 0, 0xFFFF, "u16");
        }
        throw new Invalid(path, "expected a number or a list of flag names (" + names + "), got " + Obj.describe(v));
    }

    /** A tx response status: OKAY/ERROR/DROPPED/NULL, {@code negative}, or an s16. */
    static StatusMatch txStatus(JsonNode v, String path) throws Invalid {
        if (v.isTextual()) {
            String s = v.textValue();
            if (s.equals("negative")) {
                return StatusMatch.anyNegative();
            }
            try {
                return StatusMatch.exactly(NetifRsp.parse(s));
            } catch (IllegalArgumentException e) {
                throw new Invalid(path, "unknown status '" + s + "' (expected OKAY, ERROR, DROPPED, NULL, negative or"
                        + " a number)");
            }
        }
        return StatusMatch.exactly((int) Obj.integer(v, path, Short.MIN_VALUE, Short.MAX_VALUE, "s16"));
    }

    /** A control type: a name such as SET_HASH_KEY, or a u16. */
    static int ctrlType(JsonNode v, String path) throws Invalid {
        if (v.isTextual()) {
            try {
                return CtrlType.parse(v.textValue()).code();
            } catch (IllegalArgumentException e) {
                throw new Invalid(path, e.getMessage());
            }
        }
        return (int) Obj.integer(v, path, 0, 0xFFFF, "u16");
    }

    /** A control status: a name such as INVALID_PARAMETER, or a u32. */
    static int ctrlStatus(JsonNode v, String path) throws Invalid {
        if (v.isTextual()) {
            try {
                return CtrlStatus.parse(v.textValue()).code();
            } catch (IllegalArgumentException e) {
                throw new Invalid(path, e.getMessage());
            }
        }
        return (int) Obj.integer(v, path, 0, 0xFFFF_FFFFL, "u32");
    }

    /** A gref-list entry status: a control status name, or a u16. */
    static int grefStatus(JsonNode v, String path) throws Invalid {
        if (v.isTextual()) {
            return ctrlStatus(v, path);
        }
        return (int) Obj.integer(v, path, 0, 0xFFFF, "u16");
    }

    /** A GSO type: tcpv4, tcpv6, none, or a u8. */
    static int gsoType(JsonNode v, String path) throws Invalid {
        if (v.isTextual()) {
            try {
                return GsoType.parse(v.textValue()).code();
            } catch (IllegalArgumentException e) {
                throw new Invalid(path, "unknown GSO type '" + v.textValue() + "' (expected tcpv4, tcpv6, none or a"
                        + " number)");
            }
        }
        return (int) Obj.integer(v, path, 0, 0xFF, "u8");
    }

    /** A hash type's bit number: ipv4, ipv4_tcp, ipv6, ipv6_tcp, or a u8. */
    static int hashTypeBit(JsonNode v, String path) throws Invalid {
        if (v.isTextual()) {
            try {
                return HashType.parse(v.textValue()).bit();
            } catch (IllegalArgumentException e) {
                throw new Invalid(path, e.getMessage());
            }
        }
        return (int) Obj.integer(v, path, 0, 0xFF, "u8");
    }

    /** A hash algorithm: none, toeplitz, or a u8. */
    static int hashAlgorithm(JsonNode v, String path) throws Invalid {
        if (v.isTextual()) {
            try {
                return HashAlgorithm.parse(v.textValue()).code();
            } catch (IllegalArgumentException e) {
                throw new Invalid(path, e.getMessage());
            }
        }
        return (int) Obj.integer(v, path, 0, 0xFF, "u8");
    }

    /** A 32-bit value: 0..2^32-1 (negative ints accepted as their two's complement). */
    static int u32OrInt(JsonNode v, String path) throws Invalid {
        return (int) Obj.integer(v, path, Integer.MIN_VALUE, 0xFFFF_FFFFL, "a 32-bit value");
    }

    /**
     * An extra-info value (SCENARIOS.md "extra"): {@code gso}, {@code mcast_add}, {@code mcast_del}, {@code hash}
     * by name, or a numeric type with {@code raw} bytes. {@code more} sets XEN_NETIF_EXTRA_FLAG_MORE.
     */
    static ExtraInfo extra(JsonNode node, String path) throws Invalid {
        Obj e = Obj.of(node, path);
        JsonNode t = e.require("type");
        int type;
        if (t.isTextual()) {
            switch (t.textValue()) {
                case "gso":
                    type = ExtraType.GSO.code();
                    break;
                case "mcast_add":
                    type = ExtraType.MCAST_ADD.code();
                    break;
                case "mcast_del":
                    type = ExtraType.MCAST_DEL.code();
                    break;
                case "hash":
                    type = ExtraType.HASH.code();
                    break;
                default:
                    throw new Invalid(e.at("type"), "unknown extra type '" + t.textValue()
                            + "' (expected gso, mcast_add, mcast_del, hash or a number with raw)");
            }
        } else {
            type = (int) Obj.integer(t, e.at("type"), 0, 0xFF, "u8");
            if (e.has("raw") || type < ExtraType.GSO.code() || type > ExtraType.HASH.code()) {
                return raw(e, type);
            }
        }
        int flags = e.bool("more", false) ? NetifConstants.EXTRA_FLAG_MORE : 0;
        switch (ExtraType.fromCode(type)) {
            case GSO:
                e.only("type", "size", "gso_type", "features", "pad", "more");
                return new GsoExtra(flags, e.u16("size", 0),
                        e.has("gso_type") ? gsoType(e.get("gso_type"), e.at("gso_type")) : 0,
                        e.u8("pad", 0), e.u16("features", 0));
            case MCAST_ADD:
            case MCAST_DEL:
                e.only("type", "addr", "more");
                String addr = e.string("addr");
                try {
                    return new McastExtra(type, flags, MacAddress.parse(addr));
                } catch (IllegalArgumentException x) {
                    throw new Invalid(e.at("addr"), x.getMessage());
                }
            default:
                e.only("type", "hash_type", "algorithm", "value", "more");
                return new HashExtra(flags, e.has("hash_type") ? hashTypeBit(e.get("hash_type"), e.at("hash_type")) : 0,
                        e.has("algorithm") ? hashAlgorithm(e.get("algorithm"), e.at("algorithm")) : 0,
                        e.has("value") ? u32OrInt(e.get("value"), e.at("value")) : 0);
        }
    }

    private static ExtraInfo raw(Obj e, int type) throws Invalid {
        e.only("type", "raw", "more");
        byte[] raw = e.has("raw") ? e.hex("raw") : new byte[6];
        if (raw.length != 6) {
            throw new Invalid(e.at("raw"), raw.length + " bytes (expected the 6 bytes of the union)");
        }
        IntUnaryOperator word = i -> (raw[2 * i] & 0xFF) | (raw[2 * i + 1] & 0xFF) << 8;
        return new RawExtra(type, e.bool("more", false) ? NetifConstants.EXTRA_FLAG_MORE : 0,
                word.applyAsInt(0), word.applyAsInt(1), word.applyAsInt(2));
    }
}
