package dev.netifkit.netback;

import dev.netifkit.proto.packet.Checksum;
import dev.netifkit.proto.packet.Segmentation;

import dev.netifkit.proto.GsoType;

/**
 * Metadata of a packet the network side hands to the guest: checksum state and segmentation. Mutable and
 * reusable, so a network port can pass one per packet without allocating.
 */
public final class RxMeta {
    private Checksum checksum = Checksum.NONE;
    private int gsoType;
    private int gsoSize;

    /** @return the checksum state */
    public Checksum checksum() {
        return checksum;
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
     * Resets to a plain packet.
     *
     * @return this
     */
    public RxMeta clear() {
        checksum = Checksum.NONE;
        gsoType = 0;
        gsoSize = 0;
        return this;
    }

    /**
     * @param value the checksum state
     * @return this
     */
    public RxMeta checksum(Checksum value) {
        if (value == null) {
            throw new IllegalArgumentException("checksum state is null");
        }
        checksum = value;
        return this;
    }

    /**
     * Marks the packet for segmentation.
     *
     * @param type TCPV4 or TCPV6
     * @param size segment size, 1..65535
     * @return this
     */
    public RxMeta gso(GsoType type, int size) {
        Segmentation.require(type, size);
        gsoType = type.code();
        gsoSize = size;
        return this;
    }

    @Override
    public String toString() {
        return "RxMeta[" + checksum + (gsoType == 0 ? "" : ", gso " + GsoType.nameOf(gsoType) + "/" + gsoSize) + "]";
    }
}
