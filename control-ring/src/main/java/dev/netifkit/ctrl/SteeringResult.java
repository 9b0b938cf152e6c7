package dev.netifkit.ctrl;

import dev.netifkit.proto.HashType;

/**
 * The mutable outcome of {@link Steering#steer}: one per receive context, reused for every packet (no allocation
 * per packet). It also holds the scratch array the hash input is built in.
 */
public final class SteeringResult {
    /** True if a hash was computed (algorithm TOEPLITZ and a hash type applied). */
    public boolean hashed;
    /** The maximal hash type that applied (CTRL-3), or null when not hashed. */
    public HashType hashType;
    /** The 32-bit Toeplitz value (u32 in an int), 0 when not hashed. */
    public int hash;
    /** The queue chosen: ≥ 0 when hashing is on; −1 with algorithm NONE (the caller decides). */
    public int queue;
    /** Scratch for the hash input ({@link HashType#MAX_INPUT_LENGTH} bytes); its content is meaningless. */
    public final byte[] scratch = new byte[HashType.MAX_INPUT_LENGTH];

    /** Bytes of hash input used for the last hashed packet. */
    public int inputLength;

    @Override
    public String toString() {
        return "SteeringResult[hashed=" + hashed + ", type=" + hashType + ", hash=0x" + Integer.toHexString(hash)
                + ", queue=" + queue + "]";
    }
}
