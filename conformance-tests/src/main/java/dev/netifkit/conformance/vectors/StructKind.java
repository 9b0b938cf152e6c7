package dev.netifkit.conformance.vectors;

import dev.netifkit.hv.grant.GrantEntryV1;
import dev.netifkit.hv.grant.GrantEntryV1Layout;
import dev.netifkit.proto.MacAddress;
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

import java.util.Set;

/**
 * The struct kinds of {@code netif-abi-vectors/1}: each reads its {@code fields} object into our record (checking
 * every field's width) and encodes/decodes through the project's own layouts.
 */
public enum StructKind {
    NETIF_TX_REQUEST("netif_tx_request", TxRequestLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("gref", "offset", "flags", "id", "size"));
            return new TxRequest(f.u32("gref"), f.u16("offset"), f.u16("flags"), f.u16("id"), f.u16("size"));
        }

        @Override
        Object decode(ByteBuf b) {
            return TxRequest.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((TxRequest) v).encode(b, 0);
        }
    },
    NETIF_TX_RESPONSE("netif_tx_response", TxResponseLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("id", "status"));
            return new TxResponse(f.u16("id"), f.s16("status"));
        }

        @Override
        Object decode(ByteBuf b) {
            return TxResponse.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((TxResponse) v).encode(b, 0);
        }
    },
    NETIF_RX_REQUEST("netif_rx_request", RxRequestLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("id", "pad", "gref"));
            return new RxRequest(f.u16("id"), f.u16("pad"), f.u32("gref"));
        }

        @Override
        Object decode(ByteBuf b) {
            return RxRequest.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((RxRequest) v).encode(b, 0);
        }
    },
    NETIF_RX_RESPONSE("netif_rx_response", RxResponseLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("id", "offset", "flags", "status"));
            return new RxResponse(f.u16("id"), f.u16("offset"), f.u16("flags"), f.s16("status"));
        }

        @Override
        Object decode(ByteBuf b) {
            return RxResponse.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((RxResponse) v).encode(b, 0);
        }
    },
    NETIF_EXTRA_INFO("netif_extra_info", ExtraInfoLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            int type = f.u8("type");
            int flags = f.u8("flags");
            switch (type) {
                case 1: {
                    f.onlyKeys(Set.of("type", "flags", "gso"));
                    JsonReader g = f.object("gso");
                    g.onlyKeys(Set.of("size", "type", "pad", "features"));
                    return new GsoExtra(flags, g.u16("size"), g.u8("type"), g.u8("pad"), g.u16("features"));
                }
                case 2:
                case 3: {
                    f.onlyKeys(Set.of("type", "flags", "mcast"));
                    JsonReader m = f.object("mcast");
                    m.onlyKeys(Set.of("addr"));
                    try {
                        return new McastExtra(type, flags, MacAddress.parse(m.string("addr")));
                    } catch (IllegalArgumentException e) {
                        throw new VectorFileException(m.path() + ".addr: " + e.getMessage());
                    }
                }
                case 4: {
                    f.onlyKeys(Set.of("type", "flags", "hash"));
                    JsonReader h = f.object("hash");
                    h.onlyKeys(Set.of("type", "algorithm", "value"));
                    return new HashExtra(flags, h.u8("type"), h.u8("algorithm"), h.u32("value"));
                }
                default: {
                    f.onlyKeys(Set.of("type", "flags", "pad"));
                    com.fasterxml.jackson.databind.JsonNode pad = f.array("pad");
                    if (pad.size() != 3) {
                        throw new VectorFileException(f.path() + ".pad: expected 3 u16 words, got " + pad.size());
                    }
                    int[] w = new int[3];
                    for (int i = 0; i < 3; i++) {
                        w[i] = (int) JsonReader.integer(pad.get(i), f.path() + ".pad[" + i + "]", 0, 0xFFFF, "u16");
                    }
                    return new RawExtra(type, flags, w[0], w[1], w[2]);
                }
            }
        }

        @Override
        Object decode(ByteBuf b) {
            return ExtraInfo.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((ExtraInfo) v).encode(b, 0);
        }
    },
    XEN_NETIF_CTRL_REQUEST("xen_netif_ctrl_request", CtrlRequestLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("id", "type", "data"));
            com.fasterxml.jackson.databind.JsonNode data = f.array("data");
            if (data.size() != CtrlRequestLayout.DATA_COUNT) {
                throw new VectorFileException(f.path() + ".data: expected 3 u32 values, got " + data.size());
            }
            int[] d = new int[3];
            for (int i = 0; i < 3; i++) {
                d[i] = (int) JsonReader.integer(data.get(i), f.path() + ".data[" + i + "]", 0, 0xFFFF_FFFFL, "u32");
            }
            return new CtrlRequest(f.u16("id"), f.u16("type"), d[0], d[1], d[2]);
        }

        @Override
        Object decode(ByteBuf b) {
            return CtrlRequest.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((CtrlRequest) v).encode(b, 0);
        }
    },
    XEN_NETIF_CTRL_RESPONSE("xen_netif_ctrl_response", CtrlResponseLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("id", "type", "status", "data"));
            return new CtrlResponse(f.u16("id"), f.u16("type"), f.u32("status"), f.u32("data"));
        }

        @Override
        Object decode(ByteBuf b) {
            return CtrlResponse.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((CtrlResponse) v).encode(b, 0);
        }
    },
    XEN_NETIF_GREF("xen_netif_gref", GrefLayout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("ref", "flags", "status"));
            return new Gref(f.u32("ref"), f.u16("flags"), f.u16("status"));
        }

        @Override
        Object decode(ByteBuf b) {
            return Gref.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((Gref) v).encode(b, 0);
        }
    },
    GRANT_ENTRY_V1("grant_entry_v1", GrantEntryV1Layout.LENGTH) {
        @Override
        Object fromFields(JsonReader f) throws VectorFileException {
            f.onlyKeys(Set.of("flags", "domid", "frame"));
            return new GrantEntryV1(f.u16("flags"), f.u16("domid"), f.u32("frame"));
        }

        @Override
        Object decode(ByteBuf b) {
            return GrantEntryV1.decode(b, 0);
        }

        @Override
        void encode(Object v, ByteBuf b) {
            ((GrantEntryV1) v).encode(b, 0);
        }
    };

    private final String kind;
    private final int length;

    StructKind(String kind, int length) {
        this.kind = kind;
        this.length = length;
    }

    /** @return the kind's name in vector files, e.g. {@code netif_tx_request} */
    public String kind() {
        return kind;
    }

    /** @return the structure's size in bytes */
    public int length() {
        return length;
    }

    abstract Object fromFields(JsonReader fields) throws VectorFileException;

    abstract Object decode(ByteBuf bytes);

    abstract void encode(Object value, ByteBuf bytes);

    static StructKind byName(String kind) {
        for (StructKind k : values()) {
            if (k.kind.equals(kind)) {
                return k;
            }
        }
        return null;
    }
}
