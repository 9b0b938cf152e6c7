package dev.netifkit.netfront;

import dev.netifkit.proto.TxFlags;

/**
 * Checksum state of a packet the guest transmits, and the NETTXF_* flag each maps to (TX-2).
 */
public enum TxChecksum {
    /** Nothing to say: no flag. */
    NONE(0),
    /** The checksum field is blank and must be completed by the peer: NETTXF_csum_blank. */
    PARTIAL(TxFlags.CSUM_BLANK),
    /** The checksum is known good: NETTXF_data_validated. */
    UNNECESSARY(TxFlags.DATA_VALIDATED);

    private final int flags;

    TxChecksum(int flags) {
        this.flags = flags;
    }

    /** @return the NETTXF_* bits of the first request */
    public int txFlags() {
        return flags;
    }
}
