package dev.netifkit.ctrl;

import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.NetifConstants;
import io.netty.buffer.ByteBuf;

import java.util.Arrays;

/**
 * The hash configuration a frontend sets over the control ring (CTRL-3, BK-18..BK-20), read by {@link Steering} on
 * the backend's receive path.
 *
 * <p>The key and the mapping table are double-buffered: a change is written into a spare array which then replaces
 * the active one with a single reference store, so the datapath never sees a half-written table (BK-20: all or
 * nothing). Mutators are package-private: only {@link CtrlBackend} changes a configuration, after validating the
 * request.
 */
public final class HashConfig {
    /** Bytes of the key: shorter keys are zero-padded to this (BK-19). */
    public static final int KEY_SIZE = NetifConstants.HASH_KEY_MAX_SIZE;
    /** Largest mapping table (BK-20): GET_HASH_MAPPING_SIZE answers this. */
    public static final int MAX_MAPPING_SIZE = NetifConstants.HASH_MAPPING_MAX_SIZE;

    private final int numQueues;
    private HashAlgorithm algorithm = HashAlgorithm.NONE;
    private int flags;
    private int keyLength;
    private volatile byte[] key = new byte[KEY_SIZE];
    private byte[] spareKey = new byte[KEY_SIZE];
    private int mappingSize;
    private volatile int[] mapping = new int[MAX_MAPPING_SIZE];
    private int[] spareMapping = new int[MAX_MAPPING_SIZE];

    /**
     * A fresh configuration: algorithm NONE, no types, zero key, mapping size 0 (Linux's initial state).
     *
     * @param numQueues the device's queues, 1..{@value CtrlBackendConfig#MAX_QUEUES}
     * @throws IllegalArgumentException if numQueues is out of range
     */
    public HashConfig(int numQueues) {
        if (numQueues < 1 || numQueues > CtrlBackendConfig.MAX_QUEUES) {
            throw new IllegalArgumentException("numQueues " + numQueues + " outside 1.." + CtrlBackendConfig.MAX_QUEUES);
        }
        this.numQueues = numQueues;
    }

    /** @return the device's queues: mapping entries are below this */
    public int numQueues() {
        return numQueues;
    }

    /** @return the algorithm set with SET_HASH_ALGORITHM (NONE or TOEPLITZ) */
    public HashAlgorithm algorithm() {
        return algorithm;
    }

    /** @return true if the algorithm is TOEPLITZ */
    public boolean toeplitzEnabled() {
        return algorithm == HashAlgorithm.TOEPLITZ;
    }

    /** @return the mask of enabled hash types set with SET_HASH_FLAGS (bits of 0xF) */
    public int flags() {
        return flags;
    }

    /** @return a copy of the 40-byte key, zero-padded past {@link #keyLength()} */
    public byte[] key() {
        return key.clone();
    }

    /** @return the active key array itself, for the datapath; never modified once active */
    byte[] keyArray() {
        return key;
    }

    /** @return bytes of the key the frontend set (0..40); the rest are zero */
    public int keyLength() {
        return keyLength;
    }

    /** @return entries of the mapping table (0..128); 0 means queue = hash mod numQueues */
    public int mappingSize() {
        return mappingSize;
    }

    /**
     * One entry of the active mapping table.
     *
     * @param index 0..mappingSize()−1
     * @return the queue it names (always &lt; numQueues)
     * @throws IllegalArgumentException if the index is outside the table
     */
    public int mapping(int index) {
        if (index < 0 || index >= mappingSize) {
            throw new IllegalArgumentException("mapping index " + index + " outside 0.." + (mappingSize - 1));
        }
        return mapping[index];
    }

    /** @return the active mapping array itself (128 entries, the first mappingSize() in use), for the datapath */
    int[] mappingArray() {
        return mapping;
    }

    /** @return a copy of the active table's first mappingSize() entries */
    public int[] mappingTable() {
        return Arrays.copyOf(mapping, mappingSize);
    }

    void algorithm(HashAlgorithm value) {
        algorithm = value;
    }

    void flags(int value) {
        flags = value;
    }

    /** Sets the key from {@code length} (1..40) bytes of a buffer, zero-padded (BK-19). */
    void key(ByteBuf src, int offset, int length) {
        byte[] next = spareKey;
        Arrays.fill(next, (byte) 0);
        src.getBytes(offset, next, 0, length);
        spareKey = key;
        key = next;
        keyLength = length;
    }

    /** Clears the key: all zero, length 0 (BK-19: length 0 clears). */
    void clearKey() {
        byte[] next = spareKey;
        Arrays.fill(next, (byte) 0);
        spareKey = key;
        key = next;
        keyLength = 0;
    }

    /** Sets the mapping size and zeroes the table (BK-20). */
    void mappingSize(int size) {
        int[] next = spareMapping;
        Arrays.fill(next, 0);
        spareMapping = mapping;
        mapping = next;
        mappingSize = size;
    }

    /**
     * Replaces entries [offset, offset + count) with u32 LE values read from a buffer; the caller has checked the
     * bounds and every value (BK-20). The spare becomes a copy of the active table plus the new entries, then
     * replaces it.
     */
    void mapping(int offset, ByteBuf src, int srcOffset, int count) {
        int[] next = spareMapping;
        System.arraycopy(mapping, 0, next, 0, MAX_MAPPING_SIZE);
        for (int i = 0; i < count; i++) {
            next[offset + i] = src.getIntLE(srcOffset + i * Integer.BYTES);
        }
        spareMapping = mapping;
        mapping = next;
    }

    @Override
    public String toString() {
        return "HashConfig[" + algorithm + ", flags=0x" + Integer.toHexString(flags) + ", keyLength=" + keyLength
                + ", mappingSize=" + mappingSize + ", numQueues=" + numQueues + "]";
    }
}
