package dev.netifkit.netfront;

import dev.netifkit.proto.rx.RxRequestLayout;
import dev.netifkit.proto.rx.RxResponseLayout;
import dev.netifkit.proto.tx.TxRequestLayout;
import dev.netifkit.proto.tx.TxResponseLayout;
import io.netty.buffer.ByteBuf;

/**
 * The frontend's slot accesses on the shared rings, packed into the fewest little-endian loads and stores: a tx
 * request is two stores (8 + 4 bytes), an rx request one 8-byte store, a tx response one 4-byte load and an rx
 * response one 8-byte load. The shifts are derived from the netif-proto layouts (never retyped) and a static check
 * refuses a layout they cannot pack.
 *
 * <p>A load IS the slot's private copy (RING-8): the fields are extracted from the loaded value in a register and
 * the shared slot is never read again.
 */
final class SlotIo {
    private static final int TX_GREF_SHIFT = TxRequestLayout.GREF_OFFSET * 8;
    private static final int TX_OFFSET_SHIFT = TxRequestLayout.OFFSET_OFFSET * 8;
    private static final int TX_FLAGS_SHIFT = TxRequestLayout.FLAGS_OFFSET * 8;
    private static final int TX_SIZE_SHIFT = (TxRequestLayout.SIZE_OFFSET - TxRequestLayout.ID_OFFSET) * 8;
    private static final int TX_RSP_STATUS_SHIFT = (TxResponseLayout.STATUS_OFFSET - TxResponseLayout.ID_OFFSET) * 8;
    private static final int RX_ID_SHIFT = RxRequestLayout.ID_OFFSET * 8;
    private static final int RX_GREF_SHIFT = RxRequestLayout.GREF_OFFSET * 8;
    private static final int RX_RSP_ID_SHIFT = RxResponseLayout.ID_OFFSET * 8;
    private static final int RX_RSP_OFFSET_SHIFT = RxResponseLayout.OFFSET_OFFSET * 8;
    private static final int RX_RSP_FLAGS_SHIFT = RxResponseLayout.FLAGS_OFFSET * 8;
    private static final int RX_RSP_STATUS_SHIFT = RxResponseLayout.STATUS_OFFSET * 8;

    static {
        boolean ok = TxRequestLayout.GREF_OFFSET == 0 && TxRequestLayout.FLAGS_OFFSET + Short.BYTES == Long.BYTES
                && TxRequestLayout.ID_OFFSET == Long.BYTES
                && TxRequestLayout.SIZE_OFFSET + Short.BYTES == TxRequestLayout.ID_OFFSET + Integer.BYTES
                && TxResponseLayout.LENGTH == Integer.BYTES
                && RxRequestLayout.LENGTH == Long.BYTES && RxResponseLayout.LENGTH == Long.BYTES;
        if (!ok) {
            throw new ExceptionInInitializerError("netif-proto slot layouts changed: SlotIo's packing no longer fits");
        }
    }

    private SlotIo() {
    }

    /**
     * Writes a {@code netif_tx_request}.
     *
     * @param page the ring page
     * @param at the slot's offset
     */
    static void writeTxRequest(ByteBuf page, int at, int gref, int offset, int flags, int id, int size) {
        long head = (gref & 0xFFFF_FFFFL) << TX_GREF_SHIFT | (long) (offset & 0xFFFF) << TX_OFFSET_SHIFT
                | (long) (flags & 0xFFFF) << TX_FLAGS_SHIFT;
        page.setLongLE(at + TxRequestLayout.GREF_OFFSET, head);
        page.setIntLE(at + TxRequestLayout.ID_OFFSET, (id & 0xFFFF) | (size & 0xFFFF) << TX_SIZE_SHIFT);
    }

    /**
     * Loads a {@code netif_tx_response} once.
     *
     * @param page the ring page
     * @param at the slot's offset
     * @return the 4 bytes: decode with {@link #txRspId} and {@link #txRspStatus}
     */
    static int readTxResponse(ByteBuf page, int at) {
        return page.getIntLE(at + TxResponseLayout.ID_OFFSET);
    }

    static int txRspId(int word) {
        return word & 0xFFFF;
    }

    static int txRspStatus(int word) {
        return (short) (word >>> TX_RSP_STATUS_SHIFT);
    }

    /**
     * Writes a {@code netif_rx_request} {id, pad 0, gref}.
     *
     * @param page the ring page
     * @param at the slot's offset
     */
    static void writeRxRequest(ByteBuf page, int at, int id, int gref) {
        page.setLongLE(at, (long) (id & 0xFFFF) << RX_ID_SHIFT | (gref & 0xFFFF_FFFFL) << RX_GREF_SHIFT);
    }

    /**
     * Loads a {@code netif_rx_response} once.
     *
     * @param page the ring page
     * @param at the slot's offset
     * @return the 8 bytes: decode with the {@code rxRsp*} functions
     */
    static long readRxResponse(ByteBuf page, int at) {
        return page.getLongLE(at);
    }

    static int rxRspId(long word) {
        return (int) (word >>> RX_RSP_ID_SHIFT) & 0xFFFF;
    }

    static int rxRspOffset(long word) {
        return (int) (word >>> RX_RSP_OFFSET_SHIFT) & 0xFFFF;
    }

    static int rxRspFlags(long word) {
        return (int) (word >>> RX_RSP_FLAGS_SHIFT) & 0xFFFF;
    }

    static int rxRspStatus(long word) {
        return (short) (word >>> RX_RSP_STATUS_SHIFT);
    }
}
