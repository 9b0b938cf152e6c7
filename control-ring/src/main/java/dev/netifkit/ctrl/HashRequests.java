package dev.netifkit.ctrl;

import dev.netifkit.proto.HashAlgorithm;
import dev.netifkit.proto.HashType;
import io.netty.buffer.ByteBuf;

/**
 * The hash messages of the control ring (CTRL-3, BK-18..BK-20), validated against the request's u32 arguments and
 * applied to a {@link HashConfig} all or nothing. Every argument is a peer's input: u32 in an int, compared
 * unsigned; no outcome is an exception.
 */
final class HashRequests {
    /** SET_HASH_MAPPING reads at most one page of u32 entries (XSA-270's bound; BK-20). */
    static final int MAX_MAPPING_ENTRIES_PER_PAGE = 4096 / Integer.BYTES;

    private final HashConfig hash;
    private final GuestPageIo io;

    HashRequests(HashConfig hash, GuestPageIo io) {
        this.hash = hash;
        this.io = io;
    }

    /** SET_HASH_ALGORITHM(data0): only NONE and TOEPLITZ; flags, key and mapping stay (BK-18). */
    void setAlgorithm(int algorithm, Reply out) {
        if (algorithm == HashAlgorithm.NONE.code()) {
            hash.algorithm(HashAlgorithm.NONE);
        } else if (algorithm == HashAlgorithm.TOEPLITZ.code()) {
            hash.algorithm(HashAlgorithm.TOEPLITZ);
        } else {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        out.status(Reply.SUCCESS);
    }

    /** GET_HASH_FLAGS: needs an algorithm; data = the types supported, not those set (BK-18). */
    void getFlags(Reply out) {
        if (hash.algorithm() == HashAlgorithm.NONE) {
            out.status(Reply.NOT_SUPPORTED);
            return;
        }
        out.success(HashType.ALL_MASK);
    }

    /** SET_HASH_FLAGS(data0): bits within 0xF and an algorithm selected (BK-18). */
    void setFlags(int flags, Reply out) {
        if ((flags & ~HashType.ALL_MASK) != 0 || hash.algorithm() == HashAlgorithm.NONE) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        hash.flags(flags);
        out.status(Reply.SUCCESS);
    }

    /** SET_HASH_KEY(data0 gref, data1 length): &gt; 40 overflows, 0 clears, else copied and zero-padded (BK-19). */
    void setKey(int gref, int length, Reply out) {
        if (Integer.compareUnsigned(length, HashConfig.KEY_SIZE) > 0) {
            out.status(Reply.BUFFER_OVERFLOW);
            return;
        }
        if (length == 0) {
            hash.clearKey();
            out.status(Reply.SUCCESS);
            return;
        }
        if (!io.read(gref, length)) {
            out.status(Reply.INVALID_PARAMETER); // unreadable key page: the old key stays
            return;
        }
        hash.key(io.buf(), 0, length);
        out.status(Reply.SUCCESS);
    }

    /** GET_HASH_MAPPING_SIZE: the largest table (BK-20). */
    void getMappingSize(Reply out) {
        out.success(HashConfig.MAX_MAPPING_SIZE);
    }

    /** SET_HASH_MAPPING_SIZE(data0): at most 128; the table is zeroed (BK-20). */
    void setMappingSize(int size, Reply out) {
        if (Integer.compareUnsigned(size, HashConfig.MAX_MAPPING_SIZE) > 0) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        hash.mappingSize(size);
        out.status(Reply.SUCCESS);
    }

    /**
     * SET_HASH_MAPPING(data0 gref, data1 entries, data2 offset): every XSA-270 bound before reading, every entry
     * checked before anything changes (BK-20, CTRL-3).
     */
    void setMapping(int gref, int count, int offset, Reply out) {
        int end = offset + count;
        if (Integer.compareUnsigned(end, offset) < 0 // offset + entries wraps u32
                || Integer.compareUnsigned(end, hash.mappingSize()) > 0
                || Integer.compareUnsigned(count, MAX_MAPPING_ENTRIES_PER_PAGE) > 0) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        if (count == 0) {
            out.status(Reply.SUCCESS);
            return;
        }
        if (!io.read(gref, count * Integer.BYTES)) {
            out.status(Reply.INVALID_PARAMETER);
            return;
        }
        ByteBuf entries = io.buf();
        int queues = hash.numQueues();
        for (int i = 0; i < count; i++) {
            if (Integer.compareUnsigned(entries.getIntLE(i * Integer.BYTES), queues) >= 0) {
                out.status(Reply.INVALID_PARAMETER);
                return;
            }
        }
        hash.mapping(offset, entries, 0, count);
        out.status(Reply.SUCCESS);
    }
}
