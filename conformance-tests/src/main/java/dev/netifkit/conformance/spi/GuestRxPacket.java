package dev.netifkit.conformance.spi;

/**
 * A packet the network side hands to the backend for the guest (a scenario's {@code guest_rx}).
 *
 * @param data the frame, Ethernet header first
 * @param checksum {@code none}, {@code partial} or {@code unnecessary}
 * @param gsoType XEN_NETIF_GSO_TYPE_* (0 none, 1 tcpv4, 2 tcpv6)
 * @param gsoSize segment size when gsoType ≠ 0
 */
public record GuestRxPacket(byte[] data, String checksum, int gsoType, int gsoSize) {
}
