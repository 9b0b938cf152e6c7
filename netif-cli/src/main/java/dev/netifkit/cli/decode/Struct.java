package dev.netifkit.cli.decode;

import dev.netifkit.hv.grant.GrantEntryV1;
import dev.netifkit.hv.grant.GrantEntryV1Layout;
import dev.netifkit.proto.CtrlStatus;
import dev.netifkit.proto.CtrlType;
import dev.netifkit.proto.ExtraType;
import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlRequestLayout;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.ctrl.CtrlResponseLayout;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.ctrl.GrefLayout;
import dev.netifkit.proto.extra.ExtraInfo;
import dev.netifkit.proto.extra.ExtraInfoLayout;
import dev.netifkit.proto.extra.GsoExtra;
import dev.netifkit.proto.extra.HashExtra;
import dev.netifkit.proto.extra.McastExtra;
import dev.netifkit.proto.extra.RawExtra;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.rx.RxRequestLayout;
import dev.netifkit.proto.rx.RxResponse;
import dev.netifkit.proto.rx.RxResponseLayout;
import dev.netifkit.proto.tx.TxRequest;
import dev.netifkit.proto.tx.TxRequestLayout;
import dev.netifkit.proto.tx.TxResponse;
import dev.netifkit.proto.tx.TxResponseLayout;
import io.netty.buffer.ByteBuf;

import java.util.StringJoiner;

/**
 * The shared structures {@code decode} knows, named as in vector files: each decodes through the project's
 * record (one definition of each layout) into named fields.
 */
public enum Struct {
    /** {@code netif_tx_request} (TX-1). */
    NETIF_TX_REQUEST("netif_tx_request", TxRequestLayout.LENGTH, "request") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            TxRequest r = TxRequest.decode(b, at);
            return new SlotFields().u32("gref", r.gref()).add("offset", r.offset())
                    .add("flags", r.flags(), TxFlags.names(r.flags())).add("id", r.id()).add("size", r.size());
        }
    },
    /** {@code netif_tx_response} (TX-3): the first 4 bytes of a tx slot. */
    NETIF_TX_RESPONSE("netif_tx_response", TxResponseLayout.LENGTH, "response") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            TxResponse r = TxResponse.decode(b, at);
            return new SlotFields().add("id", r.id()).add("status", r.status(), Names.txStatus(r.status()));
        }
    },
    /** {@code netif_rx_request} (RX-1). */
    NETIF_RX_REQUEST("netif_rx_request", RxRequestLayout.LENGTH, "request") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            RxRequest r = RxRequest.decode(b, at);
            return new SlotFields().add("id", r.id()).add("pad", r.pad()).u32("gref", r.gref());
        }
    },
    /** {@code netif_rx_response} (RX-2): status is a byte count, or NETIF_RSP_* when negative. */
    NETIF_RX_RESPONSE("netif_rx_response", RxResponseLayout.LENGTH, "response") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            RxResponse r = RxResponse.decode(b, at);
            return new SlotFields().add("id", r.id()).add("offset", r.offset())
                    .add("flags", r.flags(), RxFlags.names(r.flags()))
                    .add("status", r.status(), Names.rxStatus(r.status()));
        }
    },
    /** {@code netif_extra_info} (TX-7, RX-3): the union view chosen by the type byte. */
    NETIF_EXTRA_INFO("netif_extra_info", ExtraInfoLayout.LENGTH, "extra") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            ExtraInfo e = ExtraInfo.decode(b, at);
            SlotFields f = new SlotFields().add("type", e.type(), ExtraType.nameOf(e.type()))
                    .add("flags", e.flags(), Names.extraFlags(e.flags()));
            if (e instanceof GsoExtra g) {
                f.add("gso_size", g.size()).add("gso_type", g.gsoType(), GsoType.nameOf(g.gsoType()))
                        .add("gso_pad", g.pad()).add("gso_features", g.features());
            } else if (e instanceof McastExtra m) {
                f.add("mcast_addr", m.addr().toString());
            } else if (e instanceof HashExtra h) {
                f.add("hash_type", h.hashType(), Names.hashType(h.hashType()))
                        .add("hash_algorithm", h.algorithm(), HashAlgorithm.nameOf(h.algorithm()))
                        .add("hash_value", Integer.toUnsignedLong(h.value()),
                                String.format("0x%08x", h.value()));
            } else {
                RawExtra r = (RawExtra) e;
                f.add("pad", new int[] {r.pad0(), r.pad1(), r.pad2()});
            }
            return f;
        }
    },
    /** {@code xen_netif_ctrl_request} (CTRL-1). */
    XEN_NETIF_CTRL_REQUEST("xen_netif_ctrl_request", CtrlRequestLayout.LENGTH, "request") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            CtrlRequest r = CtrlRequest.decode(b, at);
            return new SlotFields().add("id", r.id()).add("type", r.type(), CtrlType.nameOf(r.type()))
                    .add("data", new long[] {Integer.toUnsignedLong(r.data0()), Integer.toUnsignedLong(r.data1()),
                        Integer.toUnsignedLong(r.data2())});
        }
    },
    /** {@code xen_netif_ctrl_response} (CTRL-1). */
    XEN_NETIF_CTRL_RESPONSE("xen_netif_ctrl_response", CtrlResponseLayout.LENGTH, "response") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            CtrlResponse r = CtrlResponse.decode(b, at);
            return new SlotFields().add("id", r.id()).add("type", r.type(), CtrlType.nameOf(r.type()))
                    .add("status", Integer.toUnsignedLong(r.status()), CtrlStatus.nameOf(r.status()))
                    .u32("data", r.data());
        }
    },
    /** {@code xen_netif_gref} (SG-1). */
    XEN_NETIF_GREF("xen_netif_gref", GrefLayout.LENGTH, "gref") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            Gref g = Gref.decode(b, at);
            return new SlotFields().u32("ref", g.ref()).add("flags", g.flags(), Names.grefFlags(g.flags()))
                    .add("status", g.status(), CtrlStatus.nameOf(g.status()));
        }
    },
    /** {@code grant_entry_v1} (GNT-1), through grant-table's record. */
    GRANT_ENTRY_V1("grant_entry_v1", GrantEntryV1Layout.LENGTH, "grant") {
        @Override
        SlotFields decode(ByteBuf b, int at) {
            GrantEntryV1 g = GrantEntryV1.decode(b, at);
            return new SlotFields().add("flags", g.flags(), Names.gtfFlags(g.flags())).add("domid", g.domid())
                    .u32("frame", g.frame());
        }
    };

    private final String cName;
    private final int length;
    private final String role;

    Struct(String cName, int length, String role) {
        this.cName = cName;
        this.length = length;
        this.role = role;
    }

    /** @return the C name, as in vector files: {@code netif_tx_request} */
    public String cName() {
        return cName;
    }

    /** @return bytes of the structure */
    public int length() {
        return length;
    }

    /** @return a short word for tables: request, response, extra, gref, grant */
    public String role() {
        return role;
    }

    /**
     * Decodes one structure.
     *
     * @param buffer the bytes
     * @param at the structure's first byte
     * @return its fields
     */
    abstract SlotFields decode(ByteBuf buffer, int at);

    /**
     * Looks a structure up by its C name.
     *
     * @param name e.g. {@code netif_rx_response}
     * @return the structure, or null
     */
    public static Struct byName(String name) {
        for (Struct s : values()) {
            if (s.cName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** @return the C names, comma-separated, for error messages and help */
    public static String names() {
        StringJoiner j = new StringJoiner(", ");
        for (Struct s : values()) {
            j.add(s.cName);
        }
        return j.toString();
    }
}
