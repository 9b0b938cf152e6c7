package dev.netifkit.netfront;

import dev.netifkit.proto.packet.PacketView;
import io.netty.buffer.ByteBuf;

/**
 * A packet the guest received, as {@link PacketSink#received} sees it: up to {@value #MAX_SEGMENTS} segments (one
 * per rx data slot, RX-2) over the frontend's own pages — received pages or staged buffers — plus the metadata of
 * the first response's flags and the GSO/HASH extras (RX-3, RX-4). One instance per queue is reused; the segments
 * are valid only during the call.
 */
public final class RxPacket extends PacketView {
    /** Most data slots a packet may use (FR-4: more is dropped). */
    public static final int MAX_SEGMENTS = 18;

    RxPacket() {
        super(MAX_SEGMENTS);
    }

    void reset() {
        clear();
    }

    /** Adds a data slot's bytes; the caller checked the count and the page bounds (FR-4). */
    void addSegment(ByteBuf buffer, int offset, int len) {
        append(buffer, offset, len);
    }

    void flags(boolean validated, boolean blank) {
        checksumFlags(blank, validated);
    }

    void gso(int type, int size) {
        gsoInfo(type, size);
    }

    void hash(int type, int value) {
        hashInfo(type, value);
    }

    @Override
    public String toString() {
        return "RxPacket[" + describe() + "]";
    }
}
