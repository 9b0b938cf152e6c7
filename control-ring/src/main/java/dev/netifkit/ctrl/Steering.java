package dev.netifkit.ctrl;

import dev.netifkit.proto.HashType;
import dev.netifkit.proto.hash.HashInput;
import dev.netifkit.proto.hash.Toeplitz;
import io.netty.buffer.ByteBuf;

/**
 * Receive-side steering from the frontend's hash configuration (CTRL-3, CTRL-4), as Linux netback's
 * {@code xenvif_select_queue} does it: with Toeplitz on, the maximal enabled hash type that applies to the packet
 * is hashed with the 40-byte key; the queue is {@code mapping[hash mod mappingSize]}, or {@code hash mod numQueues}
 * when the mapping size is 0. Allocation-free; reads only within the given range of the frame.
 */
public final class Steering {
    private Steering() {
    }

    /**
     * Steers one Ethernet frame (no VLAN tag).
     *
     * @param cfg the hash configuration
     * @param frame the buffer holding the frame
     * @param offset the frame's first byte
     * @param length the frame's length
     * @param out where the outcome goes (also the scratch for the hash input)
     * @return {@code out.hashed}: true if a hash was computed; with TOEPLITZ but no applicable type the queue is
     *         0, with algorithm NONE it is −1
     */
    public static boolean steer(HashConfig cfg, ByteBuf frame, int offset, int length, SteeringResult out) {
        out.hashed = false;
        out.hashType = null;
        out.hash = 0;
        out.inputLength = 0;
        if (!cfg.toeplitzEnabled()) {
            out.queue = -1;
            return false;
        }
        // A packet no enabled type applies to is steered as hash 0 (Linux clears the skb's hash): mapping[0], or
        // queue 0 without a mapping table.
        out.queue = queueFor(cfg, 0);
        int ip = HashInput.ipOffset(frame, offset, length);
        if (ip < 0) {
            return false;
        }
        int ipLength = length - (ip - offset);
        HashType type = HashInput.maximalType(frame, ip, ipLength, cfg.flags());
        if (type == null) {
            return false;
        }
        int n = HashInput.build(type, frame, ip, ipLength, out.scratch);
        if (n < 0) {
            return false;
        }
        int hash = Toeplitz.hash(cfg.keyArray(), HashConfig.KEY_SIZE, out.scratch, n);
        out.queue = queueFor(cfg, hash);
        out.hashed = true;
        out.hashType = type;
        out.hash = hash;
        out.inputLength = n;
        return true;
    }

    /** The queue of a hash: the mapping table's entry (hash mod size), or hash mod queues without a table. */
    private static int queueFor(HashConfig cfg, int hash) {
        // Read the size before the table: a concurrent SET_HASH_MAPPING_SIZE may only shrink what we index into
        // the 128-entry array, never past it.
        int size = cfg.mappingSize();
        return size == 0
                ? Integer.remainderUnsigned(hash, cfg.numQueues())
                : cfg.mappingArray()[Integer.remainderUnsigned(hash, size)];
    }
}
