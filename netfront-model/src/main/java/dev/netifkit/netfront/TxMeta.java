package dev.netifkit.netfront;

import dev.netifkit.proto.packet.Checksum;
import dev.netifkit.proto.packet.Segmentation;

import dev.netifkit.proto.GsoType;
import dev.netifkit.proto.NetifConstants;

/**
 * Metadata of a packet to transmit: checksum state, segmentation, and where the data starts in its first page.
 * Mutable and reusable, so a caller passes one per packet without allocating.
 *
 * <p>{@link #pageOffset(int)} models where an skb's data sits in its first page: the frontend places the packet
 * there in its own pages, so a test can produce first slots at any offset and packets that cross more 4 KiB
 * boundaries (the slot count follows the page boundaries, TX-4).
 */
public final class TxMeta {
    private Checksum checksum = Checksum.NONE;
    private int gsoType;
    private int gsoSize;
    private int pageOffset;

    /**
     * Resets to a plain packet at page offset 0.
     *
     * @return this
     */
    public TxMeta clear() {
        checksum = Checksum.NONE;
        gsoType = 0;
        gsoSize = 0;
        pageOffset = 0;
        return this;
    }

    /** @return the checksum state */
    public Checksum checksum() {
        return checksum;
    }

    /**
     * @param value the checksum state
     * @return this
     */
    public TxMeta checksum(Checksum value) {
        if (value == null) {
            throw new IllegalArgumentException("checksum state is null");
        }
        checksum = value;
        return this;
    }

    /** @return XEN_NETIF_GSO_TYPE_* code, 0 for none */
    public int gsoType() {
        return gsoType;
    }

    /** @return the segment size, 0 for none */
    public int gsoSize() {
        return gsoSize;
    }

    /**
     * Marks the packet for segmentation (a GSO extra follows the first request when the backend offers the type).
     *
     * @param type TCPV4 or TCPV6
     * @param size segment size, 1..65535
     * @return this
     */
    public TxMeta gso(GsoType type, int size) {
        Segmentation.require(type, size);
        gsoType = type.code();
        gsoSize = size;
        return this;
    }

    /**
     * Removes segmentation.
     *
     * @return this
     */
    public TxMeta noGso() {
        gsoType = 0;
        gsoSize = 0;
        return this;
    }

    /** @return where the data starts in its first page, 0..4095 */
    public int pageOffset() {
        return pageOffset;
    }

    /**
     * @param offset where the data starts in its first page, 0..4095
     * @return this
     */
    public TxMeta pageOffset(int offset) {
        if (offset < 0 || offset >= NetifConstants.PAGE_SIZE) {
            throw new IllegalArgumentException("page offset " + offset + " outside 0.." + (NetifConstants.PAGE_SIZE - 1));
        }
        pageOffset = offset;
        return this;
    }

    @Override
    public String toString() {
        return "TxMeta[" + checksum + (gsoType == 0 ? "" : ", gso " + GsoType.nameOf(gsoType) + "/" + gsoSize)
                + ", pageOffset " + pageOffset + "]";
    }
}
