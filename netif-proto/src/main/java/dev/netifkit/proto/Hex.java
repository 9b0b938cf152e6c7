package dev.netifkit.proto;

import io.netty.buffer.ByteBuf;

/**
 * Lower-case hex as the vectors, scenario files and the CLI write it. Not for the datapath.
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /**
     * Decodes hex text; whitespace between digit pairs is allowed.
     *
     * @param hex e.g. {@code "00ff10"}
     * @return the bytes
     * @throws IllegalArgumentException naming the offending character and its position, or an odd digit count
     */
    public static byte[] decode(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("hex text is null");
        }
        byte[] out = new byte[hex.length() / 2];
        int n = 0;
        int high = -1;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.isWhitespace(c)) {
                if (high >= 0) {
                    throw new IllegalArgumentException("bad hex: whitespace inside a byte at position " + i);
                }
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0) {
                throw new IllegalArgumentException("bad hex: '" + c + "' at position " + i + " is not a hex digit");
            }
            if (high < 0) {
                high = d;
            } else {
                out[n++] = (byte) (high << 4 | d);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("bad hex: odd number of digits (" + (2 * n + 1) + ")");
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Encodes bytes as lower-case hex.
     *
     * @param bytes the bytes
     * @return the hex text
     */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    /**
     * Encodes a range of bytes as lower-case hex.
     *
     * @param bytes the bytes
     * @param offset first byte
     * @param length number of bytes
     * @return the hex text
     */
    public static String encode(byte[] bytes, int offset, int length) {
        char[] out = new char[2 * length];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xFF;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xF];
        }
        return new String(out);
    }

    /**
     * Encodes a range of a buffer as lower-case hex without moving its indices.
     *
     * @param buf the buffer
     * @param offset first byte
     * @param length number of bytes
     * @return the hex text
     */
    public static String encode(ByteBuf buf, int offset, int length) {
        byte[] tmp = new byte[length];
        buf.getBytes(offset, tmp);
        return encode(tmp);
    }
}
