package dev.netifkit.cli.decode;

import dev.netifkit.hv.grant.GrantEntryV1Layout;
import dev.netifkit.proto.HashType;
import dev.netifkit.proto.NetifConstants;
import dev.netifkit.proto.NetifRsp;

/** Names of values that netif-proto leaves as numbers: extra-info flags, gref flags, GTF_* bits, rx statuses. */
final class Names {
    private static final String[] GTF_TYPES = {"invalid", "permit_access", "accept_transfer", "transitive"};

    private Names() {
    }

    /**
     * XEN_NETIF_EXTRA_FLAG_*.
     *
     * @param flags the u8 flags
     * @return {@code more}, {@code -} for none, undefined bits in hex
     */
    static String extraFlags(int flags) {
        return bits(flags, NetifConstants.EXTRA_FLAG_MORE, "more");
    }

    /**
     * {@code xen_netif_gref.flags} (SG-1).
     *
     * @param flags the u16 flags
     * @return {@code readonly}, {@code -} for none, undefined bits in hex
     */
    static String grefFlags(int flags) {
        return bits(flags, NetifConstants.CTRLF_GREF_READONLY, "readonly");
    }

    /**
     * GTF_* of a {@code grant_entry_v1} (GNT-1): the type in bits 0-1, then readonly, reading, writing.
     *
     * @param flags the u16 flags
     * @return e.g. {@code permit_access|readonly}, undefined bits in hex
     */
    static String gtfFlags(int flags) {
        StringBuilder sb = new StringBuilder(GTF_TYPES[flags & GrantEntryV1Layout.GTF_TYPE_MASK]);
        int rest = flags & ~GrantEntryV1Layout.GTF_TYPE_MASK;
        String[] names = {"readonly", "reading", "writing"};
        int[] bits = {GrantEntryV1Layout.GTF_READONLY, GrantEntryV1Layout.GTF_READING, GrantEntryV1Layout.GTF_WRITING};
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                sb.append('|').append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            sb.append("|0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    /**
     * A tx response's status (TX-3).
     *
     * @param status the s16 status
     * @return OKAY, ERROR, DROPPED or NULL, or null for a value without a name
     */
    static String txStatus(int status) {
        String name = NetifRsp.name(status);
        return name.equals(Integer.toString(status)) ? null : name;
    }

    /**
     * An rx response's status: a byte count when ≥ 0, a NETIF_RSP_* name when negative (RX-2).
     *
     * @param status the s16 status
     * @return ERROR or DROPPED, else null (a byte count, or a negative value without a name)
     */
    static String rxStatus(int status) {
        return status < 0 ? txStatus(status) : null;
    }

    /**
     * The hash type of a HASH extra: a bit number (CTRL-3).
     *
     * @param bit the u8 bit number
     * @return {@code ipv4_tcp} etc., or {@code UNKNOWN(n)}
     */
    static String hashType(int bit) {
        HashType t = HashType.fromBit(bit);
        return t == null ? "UNKNOWN(" + bit + ")" : t.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String bits(int flags, int bit, String name) {
        if (flags == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        if ((flags & bit) != 0) {
            sb.append(name);
        }
        int rest = flags & ~bit;
        if (rest != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }
}
