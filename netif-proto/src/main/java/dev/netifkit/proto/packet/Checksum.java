package dev.netifkit.proto.packet;

import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.TxFlags;

/**
 * Checksum state of a packet as the network stack knows it (Linux's CHECKSUM_NONE/PARTIAL/UNNECESSARY), and the
 * flags each maps to on the wire in either direction (TX-2, RX-4), as Linux's netfront and netback set them.
 */
public enum Checksum {
    /** Nothing known: the receiver checks it. No flag. */
    NONE(0, 0),
    /** The protocol checksum is blank and must be filled in; the data is otherwise valid. */
    PARTIAL(TxFlags.CSUM_BLANK | TxFlags.DATA_VALIDATED, RxFlags.CSUM_BLANK | RxFlags.DATA_VALIDATED),
    /** The checksum has been verified. */
    UNNECESSARY(TxFlags.DATA_VALIDATED, RxFlags.DATA_VALIDATED);

    private final int txFlags;
    private final int rxFlags;

    Checksum(int txFlags, int rxFlags) {
        this.txFlags = txFlags;
        this.rxFlags = rxFlags;
    }

    /** @return the NETTXF_* bits of a first tx request */
    public int txFlags() {
        return txFlags;
    }

    /** @return the NETRXF_* bits of a first rx response */
    public int rxFlags() {
        return rxFlags;
    }

    /**
     * The state a receiver infers from a packet's flags: blank means PARTIAL, validated alone UNNECESSARY.
     *
     * @param csumBlank csum_blank was set
     * @param dataValidated data_validated was set
     * @return the state
     */
    public static Checksum of(boolean csumBlank, boolean dataValidated) {
        return csumBlank ? PARTIAL : dataValidated ? UNNECESSARY : NONE;
    }

    /**
     * @param name {@code none}, {@code partial} or {@code unnecessary}, any case
     * @return the state
     * @throws IllegalArgumentException naming the value
     */
    public static Checksum parse(String name) {
        for (Checksum c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown checksum state '" + name + "' (expected none, partial or unnecessary)");
    }
}
