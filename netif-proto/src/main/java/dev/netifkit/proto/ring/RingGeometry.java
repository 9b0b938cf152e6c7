package dev.netifkit.proto.ring;

/**
 * Entries and slot positions of a shared ring of a given slot size and byte size (RING-1, RING-2), as ring.h's
 * {@code __CONST_RING_SIZE} computes them: (bytes − 64) / slot size, rounded down to a power of two.
 */
public final class RingGeometry {
    /** Slot size of the tx ring: {@code union {netif_tx_request, netif_tx_response}}. */
    public static final int TX_SLOT_SIZE = 12;
    /** Slot size of the rx ring: {@code union {netif_rx_request, netif_rx_response}}. */
    public static final int RX_SLOT_SIZE = 8;
    /** Slot size of the control ring: {@code union {xen_netif_ctrl_request, xen_netif_ctrl_response}}. */
    public static final int CTRL_SLOT_SIZE = 16;

    /** A one-page tx ring: 256 entries. */
    public static final RingGeometry TX = of(TX_SLOT_SIZE, 4096);
    /** A one-page rx ring: 256 entries. */
    public static final RingGeometry RX = of(RX_SLOT_SIZE, 4096);
    /** A one-page control ring: 128 entries. */
    public static final RingGeometry CTRL = of(CTRL_SLOT_SIZE, 4096);

    private final int slotSize;
    private final int ringBytes;
    private final int entries;
    private final int mask;

    private RingGeometry(int slotSize, int ringBytes, int entries) {
        this.slotSize = slotSize;
        this.ringBytes = ringBytes;
        this.entries = entries;
        this.mask = entries - 1;
    }

    /**
     * Geometry of a ring with at least one entry.
     *
     * @param slotSize bytes per slot, ≥ 1
     * @param ringBytes bytes of the shared area including the header
     * @return the geometry
     * @throws IllegalArgumentException if the slot size is not positive or the area holds no slot
     */
    public static RingGeometry of(int slotSize, int ringBytes) {
        int entries = entriesFor(slotSize, ringBytes);
        if (entries == 0) {
            throw new IllegalArgumentException("a ring of " + ringBytes + " bytes holds no " + slotSize
                    + "-byte slot after its " + SringHeaderLayout.LENGTH + "-byte header");
        }
        return new RingGeometry(slotSize, ringBytes, entries);
    }

    /**
     * ring.h's {@code __CONST_RING_SIZE}: entries of a ring, 0 when none fits.
     *
     * @param slotSize bytes per slot, ≥ 1
     * @param ringBytes bytes of the shared area including the header, ≥ 0
     * @return (ringBytes − 64) / slotSize rounded down to a power of two, or 0
     * @throws IllegalArgumentException if slotSize ≤ 0 or ringBytes &lt; 0
     */
    public static int entriesFor(int slotSize, int ringBytes) {
        if (slotSize <= 0 || ringBytes < 0) {
            throw new IllegalArgumentException("slot size " + slotSize + " and ring bytes " + ringBytes
                    + " must be positive");
        }
        int raw = (ringBytes - SringHeaderLayout.LENGTH) / slotSize;
        return raw <= 0 ? 0 : Integer.highestOneBit(raw);
    }

    /**
     * Byte offset of the slot that a free-running index falls on (RING-2).
     *
     * @param index a u32 ring index
     * @return 64 + (index mod entries) × slot size
     */
    public int slotOffset(int index) {
        return SringHeaderLayout.SLOTS_OFFSET + (index & mask) * slotSize;
    }

    /**
     * The slot number a free-running index falls on.
     *
     * @param index a u32 ring index
     * @return index mod entries
     */
    public int slot(int index) {
        return index & mask;
    }

    /** @return number of entries, a power of two */
    public int entries() {
        return entries;
    }

    /** @return entries − 1 */
    public int mask() {
        return mask;
    }

    /** @return bytes per slot */
    public int slotSize() {
        return slotSize;
    }

    /** @return bytes of the shared area */
    public int ringBytes() {
        return ringBytes;
    }

    @Override
    public String toString() {
        return "RingGeometry[" + entries + " x " + slotSize + " bytes in " + ringBytes + "]";
    }
}
