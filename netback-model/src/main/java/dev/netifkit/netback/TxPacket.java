package dev.netifkit.netback;

import dev.netifkit.proto.packet.PacketView;
import io.netty.buffer.ByteBuf;

/**
 * A packet the guest transmitted, as the backend hands it to its {@link NetworkPort}: segments over the copied
 * linear part, mapped pages or copied/staged fragments, plus its metadata. One instance per queue is reused for
 * every packet, and its segments are valid only during {@link NetworkPort#transmit}: a port that keeps a packet
 * copies it.
 */
public final class TxPacket extends PacketView {
    static final int MAX_SEGMENTS = 64;

    private int queue;

    TxPacket() {
        super(MAX_SEGMENTS);
    }

    void reset(int queueIndex) {
        clear();
        queue = queueIndex;
    }

    void addSegment(ByteBuf buffer, int offset, int len) {
        append(buffer, offset, len);
    }

    void checksum(boolean blank, boolean validated) {
        checksumFlags(blank, validated);
    }

    void gso(int type, int size) {
        gsoInfo(type, size);
    }

    void hash(int type, int value) {
        hashInfo(type, value);
    }

    /** @return the queue the packet came from */
    public int queue() {
        return queue;
    }

    @Override
    public String toString() {
        return "TxPacket[queue " + queue + ", " + describe() + "]";
    }
}
