package dev.netifkit.conformance.pair;

/**
 * What the backends' network side does with guest-transmitted packets.
 */
public enum NetworkKind {
    /** Packets are checked and counted, then dropped: guest transmit measured alone. */
    SINK,
    /** Each packet goes back to the guest that sent it, on the same queue. */
    LOOPBACK,
    /** A learning-free L2 switch: a packet goes to the guest whose MAC is its destination; broadcast to all others. */
    SWITCH
}
