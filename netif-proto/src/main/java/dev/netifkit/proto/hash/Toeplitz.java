package dev.netifkit.proto.hash;

import io.netty.buffer.ByteBuf;

/**
 * The Toeplitz hash exactly as netif.h's {@code xen_netif_toeplitz_hash} defines it (CTRL-4): a 64-bit window over
 * the key slides left one bit per input bit and is XORed into the result for every set input bit; key bytes past
 * the key's length count as zero; the hash is the window's upper 32 bits. Allocation-free.
 */
public final class Toeplitz {
    private Toeplitz() {
    }

    /**
     * Hashes a byte array.
     *
     * @param key the key (any length; bytes beyond {@code keyLength} are not read)
     * @param keyLength bytes of the key that count, 0..key.length
     * @param data the input
     * @return the 32-bit hash
     */
    public static int hash(byte[] key, int keyLength, byte[] data) {
        checkKey(key, keyLength);
        long prefix = 0;
        int keyIndex;
        for (keyIndex = 0; keyIndex < Long.BYTES; keyIndex++) {
            prefix = prefix << 8 | keyByte(key, keyLength, keyIndex);
        }
        long hash = 0;
        for (byte b : data) {
            int bits = b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                if ((bits & 0x80) != 0) {
                    hash ^= prefix;
                }
                prefix <<= 1;
                bits <<= 1;
            }
            // The window has moved 8 bits: feed the next key byte into its low end.
            prefix |= keyByte(key, keyLength, keyIndex++);
        }
        return (int) (hash >>> 32);
    }

    /**
     * Hashes a range of a buffer without moving its indices.
     *
     * @param key the key
     * @param keyLength bytes of the key that count
     * @param data the buffer
     * @param offset first input byte
     * @param length input bytes
     * @return the 32-bit hash
     */
    public static int hash(byte[] key, int keyLength, ByteBuf data, int offset, int length) {
        checkKey(key, keyLength);
        long prefix = 0;
        int keyIndex;
        for (keyIndex = 0; keyIndex < Long.BYTES; keyIndex++) {
            prefix = prefix << 8 | keyByte(key, keyLength, keyIndex);
        }
        long hash = 0;
        for (int i = 0; i < length; i++) {
            int bits = data.getUnsignedByte(offset + i);
            for (int bit = 0; bit < 8; bit++) {
                if ((bits & 0x80) != 0) {
                    hash ^= prefix;
                }
                prefix <<= 1;
                bits <<= 1;
            }
            prefix |= keyByte(key, keyLength, keyIndex++);
        }
        return (int) (hash >>> 32);
    }

    /**
     * Hashes the first {@code length} bytes of an array (the hash input built by {@link HashInput}).
     *
     * @param key the key
     * @param keyLength bytes of the key that count
     * @param data the input buffer
     * @param length input bytes
     * @return the 32-bit hash
     */
    public static int hash(byte[] key, int keyLength, byte[] data, int length) {
        checkKey(key, keyLength);
        long prefix = 0;
        int keyIndex;
        for (keyIndex = 0; keyIndex < Long.BYTES; keyIndex++) {
            prefix = prefix << 8 | keyByte(key, keyLength, keyIndex);
        }
        long hash = 0;
        for (int i = 0; i < length; i++) {
            int bits = data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                if ((bits & 0x80) != 0) {
                    hash ^= prefix;
                }
                prefix <<= 1;
                bits <<= 1;
            }
            prefix |= keyByte(key, keyLength, keyIndex++);
        }
        return (int) (hash >>> 32);
    }

    private static long keyByte(byte[] key, int keyLength, int index) {
        return index < keyLength ? key[index] & 0xFFL : 0L;
    }

    private static void checkKey(byte[] key, int keyLength) {
        if (keyLength < 0 || keyLength > key.length) {
            throw new IllegalArgumentException("Toeplitz key length " + keyLength + " outside 0.." + key.length);
        }
    }
}
