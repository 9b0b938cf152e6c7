package dev.netifkit.conformance.spi;

import dev.netifkit.proto.Hex;

/**
 * A packet the backend handed to its network side (guest transmit), as a scenario's {@code transmitted}
 * expectation sees it.
 *
 * @param data the packet's bytes
 * @param csumBlank NETTXF_csum_blank came with it
 * @param dataValidated NETTXF_data_validated came with it
 * @param gsoType XEN_NETIF_GSO_TYPE_* of its GSO extra, 0 if none
 * @param gsoSize its GSO size, 0 if none
 * @param hashed whether a HASH extra of a known type came with it
 * @param hashType the hash type's bit number (when hashed)
 * @param hash the hash value (when hashed)
 */
public record TransmittedPacket(byte[] data, boolean csumBlank, boolean dataValidated, int gsoType, int gsoSize,
                                boolean hashed, int hashType, int hash) {
    @Override
    public String toString() {
        return "TransmittedPacket[" + data.length + " bytes " + (data.length <= 64 ? Hex.encode(data)
                : Hex.encode(data, 0, 32) + "…") + (csumBlank ? ", csum_blank" : "")
                + (dataValidated ? ", data_validated" : "") + (gsoType != 0 ? ", gso " + gsoType + "/" + gsoSize : "")
                + (hashed ? ", hash " + hashType + "/" + Integer.toUnsignedString(hash) : "") + "]";
    }
}
