package dev.netifkit.proto.ctrl;

import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * A control-ring request (CTRL-1): a message type and three u32 arguments.
 *
 * <p>Immutable value of a {@code xen_netif_ctrl_request} for users, tests and decoders; it encodes and decodes through
 * {@link CtrlRequestFlyweight}, the one definition of the layout. u32 fields are held in an {@code int} (unsigned).
 *
 * @param id echoed in the response (u16)
 * @param type XEN_NETIF_CTRL_TYPE_* (see {@link dev.netifkit.proto.CtrlType}) (u16)
 * @param data0 first argument (u32)
 * @param data1 second argument (u32)
 * @param data2 third argument (u32)
 */
public record CtrlRequest(int id, int type, int data0, int data1, int data2) {
    /**
     * Checks that narrow fields fit their width.
     */
    public CtrlRequest {
        Fields.check("xen_netif_ctrl_request.id", id, 0, 0xFFFF);
        Fields.check("xen_netif_ctrl_request.type", type, 0, 0xFFFF);
    }

    /**
     * Reads one from a buffer.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    public static CtrlRequest decode(ByteBuf buffer, int at) {
        CtrlRequestFlyweight f = new CtrlRequestFlyweight().wrap(buffer, at);
        return new CtrlRequest(f.id(), f.type(), f.data0(), f.data1(), f.data2());
    }

    /**
     * Writes this value (CtrlRequestLayout.LENGTH bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    public void encode(ByteBuf buffer, int at) {
        new CtrlRequestFlyweight().wrap(buffer, at)
                .id(id)
                .type(type)
                .data0(data0)
                .data1(data1)
                .data2(data2);
    }

    @Override
    public String toString() {
        return "CtrlRequest[id=" + id + ", type=" + type + ", data0=" + Integer.toUnsignedString(data0) + ", data1=" + Integer.toUnsignedString(data1) + ", data2=" + Integer.toUnsignedString(data2) + "]";
    }
}
