package dev.netifkit.netfront;

import dev.netifkit.proto.NetifConstants;

/**
 * How a packet to transmit is cut into tx request slots: at 4 KiB grant boundaries starting at the packet's page
 * offset (TX-4: no request crosses its page), one slot per page touched.
 *
 * <p>One adjustment, as Linux netfront makes it: a first slot shorter than an Ethernet header (the data starts in
 * the last 13 bytes of a page) would be dropped by the backend (BK-7), so such a packet is placed at offset 0
 * instead ({@link #effectiveOffset}).
 */
final class TxSlots {
    static final int PAGE = NetifConstants.PAGE_SIZE;
    /** Most follower slots a packet may use (TX-5: 18 request slots in all... plus the first, BK-4). */
    static final int MAX_FOLLOWERS = NetifConstants.NR_SLOTS_MIN;
    /** Free requests below which transmit answers RING_FULL: NR_SLOTS_MIN + 1. */
    static final int STOP_THRESHOLD = NetifConstants.NR_SLOTS_MIN + 1;

    private TxSlots() {
    }

    /**
     * Where the packet starts in its first page.
     *
     * @param pageOffset the requested offset, 0..4095
     * @param length packet bytes, ≥ 1
     * @return pageOffset, or 0 when the first slot would hold fewer than 14 bytes of a longer packet
     */
    static int effectiveOffset(int pageOffset, int length) {
        int first = PAGE - pageOffset;
        if (first < length && first < NetifConstants.ETH_HLEN) {
            return 0;
        }
        return pageOffset;
    }

    /**
     * Request slots (first + followers) for a packet at an effective offset.
     *
     * @param offset effective offset in the first page, 0..4095
     * @param length packet bytes, ≥ 1
     * @return ceil((offset + length) / 4096)
     */
    static int requestSlots(int offset, int length) {
        return (offset + length + PAGE - 1) / PAGE;
    }

    /**
     * Bytes of the first slot.
     *
     * @param offset effective offset in the first page
     * @param length packet bytes
     * @return min(length, 4096 − offset)
     */
    static int firstChunk(int offset, int length) {
        return Math.min(length, PAGE - offset);
    }
}
