package dev.netifkit.proto.ctrl;

import dev.netifkit.proto.Fields;
import io.netty.buffer.ByteBuf;

/**
 * A control-ring response (CTRL-1): id and type echoed, a status and one u32 of data.
 *
 * <p>Immutable value of a {@code xen_netif_ctrl_response} for users, tests and decoders; it encodes and decodes through
 * {@link CtrlResponseFlyweight}, the one definition of the layout. u32 fields are held in an {@code int} (unsigned).
 *
 * @param id the id of the request answered (u16)
 * @param type the type of the request answered (u16)
 * @param status XEN_NETIF_CTRL_STATUS_* (see {@link dev.netifkit.proto.CtrlStatus}) (u32)
 * @param data result data; 0 except for the types CTRL-1 lists (u32)
 */
public record CtrlResponse(int id, int type, int status, int data) {
    /**
     * Checks that narrow fields fit their width.
     */
    public CtrlResponse {
        Fields.check("xen_netif_ctrl_response.id", id, 0, 0xFFFF);
        Fields.check("xen_netif_ctrl_response.type", type, 0, 0xFFFF);
    }

    /**
     * Reads one from a buffer.
     *
     * @param buffer the buffer
     * @param at the first byte
     * @return the value
     */
    public static CtrlResponse decode(ByteBuf buffer, int at) {
        CtrlResponseFlyweight f = new CtrlResponseFlyweight().wrap(buffer, at);
        return new CtrlResponse(f.id(), f.type(), f.status(), f.data());
    }

    /**
     * Writes this value (CtrlResponseLayout.LENGTH bytes).
     *
     * @param buffer the buffer
     * @param at the first byte
     */
    public void encode(ByteBuf buffer, int at) {
        new CtrlResponseFlyweight().wrap(buffer, at)
                .id(id)
                .type(type)
                .status(status)
                .data(data);
    }

    @Override
    public String toString() {
        return "CtrlResponse[id=" + id + ", type=" + type + ", status=" + Integer.toUnsignedString(status) + ", data=" + Integer.toUnsignedString(data) + "]";
    }
}
