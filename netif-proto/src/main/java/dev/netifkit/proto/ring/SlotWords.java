package dev.netifkit.proto.ring;

import dev.netifkit.proto.rx.RxRequestLayout;
import dev.netifkit.proto.rx.RxResponseLayout;
import dev.netifkit.proto.tx.TxRequestLayout;
import dev.netifkit.proto.tx.TxResponseLayout;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;

/**
 * Datapath access to tx/rx ring slots in the fewest little-endian loads and stores: a tx request is 8 + 4 bytes,
 * a tx response 4, an rx request and an rx response 8 each. Shifts derive from the layouts (never retyped), and a
 * static check refuses layouts they cannot pack.
 *
 * <p>A load IS the slot's private copy (RING-8): fields are extracted from the loaded word, and the shared slot
 * is never read again. Flyweights and records remain the readable API; this is the hot path's.
 */
public final class SlotWords {
    private static final int TX_GREF_SHIFT = TxRequestLayout.GREF_OFFSET * 8;
    private static final int TX_OFFSET_SHIFT = TxRequestLayout.OFFSET_OFFSET * 8;
    private static final int TX_FLAGS_SHIFT = TxRequestLayout.FLAGS_OFFSET * 8;
    private static final int TX_ID_SHIFT = (TxRequestLayout.ID_OFFSET - Long.BYTES) * 8;
    private static final int TX_SIZE_SHIFT = (TxRequestLayout.SIZE_OFFSET - Long.BYTES) * 8;
    private static final int TX_RSP_ID_SHIFT = TxResponseLayout.ID_OFFSET * 8;
    private static final int TX_RSP_STATUS_SHIFT = TxResponseLayout.STATUS_OFFSET * 8;
    private static final int RX_ID_SHIFT = RxRequestLayout.ID_OFFSET * 8;
    private static final int RX_GREF_SHIFT = RxRequestLayout.GREF_OFFSET * 8;
    private static final int RX_RSP_ID_SHIFT = RxResponseLayout.ID_OFFSET * 8;
    private static final int RX_RSP_OFFSET_SHIFT = RxResponseLayout.OFFSET_OFFSET * 8;
    private static final int RX_RSP_FLAGS_SHIFT = RxResponseLayout.FLAGS_OFFSET * 8;
    private static final int RX_RSP_STATUS_SHIFT = RxResponseLayout.STATUS_OFFSET * 8;

    static {
        boolean ok = TxRequestLayout.FLAGS_OFFSET + Short.BYTES == Long.BYTES
                && TxRequestLayout.ID_OFFSET == Long.BYTES
                && TxRequestLayout.LENGTH == Long.BYTES + Integer.BYTES
                && TxResponseLayout.LENGTH == Integer.BYTES
                && RxRequestLayout.LENGTH == Long.BYTES && RxResponseLayout.LENGTH == Long.BYTES;
        if (!ok) {
            throw new ExceptionInInitializerError("netif-proto slot layouts changed: SlotWords' packing no longer fits");
        }
    }

    private SlotWords() {
    }

    /**
     * Private memory for slot copies and scratch work: direct (so VarHandle views work) and owned by the GC, so
     * Netty's leak detector does not track — and at its paranoid level slow down — every datapath access.
     *
     * @param size bytes
     * @return a buffer of that capacity whose {@code release()} is harmless
     */
    public static ByteBuf scratch(int size) {
        return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(size)).setIndex(0, 0);
    }

    // ---- netif_tx_request: frontend writes, backend reads ----------------------------------------------------

    /** Writes a {@code netif_tx_request} at {@code at}. */
    public static void writeTxRequest(ByteBuf page, int at, int gref, int offset, int flags, int id, int size) {
        page.setLongLE(at, (gref & 0xFFFF_FFFFL) << TX_GREF_SHIFT | (long) (offset & 0xFFFF) << TX_OFFSET_SHIFT
                | (long) (flags & 0xFFFF) << TX_FLAGS_SHIFT);
        page.setIntLE(at + Long.BYTES, (id & 0xFFFF) << TX_ID_SHIFT | (size & 0xFFFF) << TX_SIZE_SHIFT);
    }

    /** @return the first 8 bytes of a tx request (gref, offset, flags), loaded once */
    public static long readTxRequestHead(ByteBuf page, int at) {
        return page.getLongLE(at);
    }

    /** @return the last 4 bytes of a tx request (id, size), loaded once */
    public static int readTxRequestTail(ByteBuf page, int at) {
        return page.getIntLE(at + Long.BYTES);
    }

    /** @return gref of a tx request head */
    public static int txGref(long head) {
        return (int) (head >>> TX_GREF_SHIFT);
    }

    /** @return offset of a tx request head */
    public static int txOffset(long head) {
        return (int) (head >>> TX_OFFSET_SHIFT) & 0xFFFF;
    }

    /** @return flags of a tx request head */
    public static int txFlags(long head) {
        return (int) (head >>> TX_FLAGS_SHIFT) & 0xFFFF;
    }

    /** @return id of a tx request tail */
    public static int txId(int tail) {
        return tail >>> TX_ID_SHIFT & 0xFFFF;
    }

    /** @return size of a tx request tail */
    public static int txSize(int tail) {
        return tail >>> TX_SIZE_SHIFT & 0xFFFF;
    }

    // ---- netif_tx_response: backend writes, frontend reads ---------------------------------------------------

    /** Writes a {@code netif_tx_response} at {@code at}. */
    public static void writeTxResponse(ByteBuf page, int at, int id, int status) {
        page.setIntLE(at, (id & 0xFFFF) << TX_RSP_ID_SHIFT | (status & 0xFFFF) << TX_RSP_STATUS_SHIFT);
    }

    /** Writes only the status of a tx response: netback's way of answering an extra-info slot (NULL). */
    public static void writeTxResponseStatus(ByteBuf page, int at, int status) {
        page.setShortLE(at + TxResponseLayout.STATUS_OFFSET, status);
    }

    /** @return a tx response's 4 bytes, loaded once */
    public static int readTxResponse(ByteBuf page, int at) {
        return page.getIntLE(at);
    }

    /** @return id of a tx response word */
    public static int txRspId(int word) {
        return word >>> TX_RSP_ID_SHIFT & 0xFFFF;
    }

    /** @return the signed status of a tx response word */
    public static int txRspStatus(int word) {
        return (short) (word >>> TX_RSP_STATUS_SHIFT);
    }

    // ---- netif_rx_request: frontend writes, backend reads ----------------------------------------------------

    /** Writes a {@code netif_rx_request} {id, pad 0, gref} at {@code at}. */
    public static void writeRxRequest(ByteBuf page, int at, int id, int gref) {
        page.setLongLE(at, (long) (id & 0xFFFF) << RX_ID_SHIFT | (gref & 0xFFFF_FFFFL) << RX_GREF_SHIFT);
    }

    /** @return an rx request's 8 bytes, loaded once */
    public static long readRxRequest(ByteBuf page, int at) {
        return page.getLongLE(at);
    }

    /** @return id of an rx request word */
    public static int rxReqId(long word) {
        return (int) (word >>> RX_ID_SHIFT) & 0xFFFF;
    }

    /** @return gref of an rx request word */
    public static int rxReqGref(long word) {
        return (int) (word >>> RX_GREF_SHIFT);
    }

    // ---- netif_rx_response: backend writes, frontend reads ---------------------------------------------------

    /** Writes a {@code netif_rx_response} at {@code at}. */
    public static void writeRxResponse(ByteBuf page, int at, int id, int offset, int flags, int status) {
        page.setLongLE(at, (long) (id & 0xFFFF) << RX_RSP_ID_SHIFT | (long) (offset & 0xFFFF) << RX_RSP_OFFSET_SHIFT
                | (long) (flags & 0xFFFF) << RX_RSP_FLAGS_SHIFT | (long) (status & 0xFFFF) << RX_RSP_STATUS_SHIFT);
    }

    /** @return an rx response's 8 bytes, loaded once */
    public static long readRxResponse(ByteBuf page, int at) {
        return page.getLongLE(at);
    }

    /** @return id of an rx response word */
    public static int rxRspId(long word) {
        return (int) (word >>> RX_RSP_ID_SHIFT) & 0xFFFF;
    }

    /** @return offset of an rx response word */
    public static int rxRspOffset(long word) {
        return (int) (word >>> RX_RSP_OFFSET_SHIFT) & 0xFFFF;
    }

    /** @return flags of an rx response word */
    public static int rxRspFlags(long word) {
        return (int) (word >>> RX_RSP_FLAGS_SHIFT) & 0xFFFF;
    }

    /** @return the signed status of an rx response word */
    public static int rxRspStatus(long word) {
        return (short) (word >>> RX_RSP_STATUS_SHIFT);
    }
}
