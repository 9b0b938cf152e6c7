package dev.netifkit.proto.hash;

import dev.netifkit.proto.Hex;
import dev.netifkit.proto.HashType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * CTRL-4 anchors: the well-known RSS verification key and tuple of the Microsoft RSS specification, which
 * vectors/README.md quotes for this Toeplitz.
 */
class ToeplitzTest {
    static final byte[] RSS_KEY = Hex.decode(
            "6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa");

    @Test
    void ctrl4_rssVerificationKeyWithPorts() {
        // 66.9.149.187:2794 -> 161.142.100.80:1766
        byte[] input = Hex.decode("420995bb" + "a18e6450" + "0aea" + "06e6");
        assertEquals(0x51ccc178, Toeplitz.hash(RSS_KEY, RSS_KEY.length, input));
    }

    @Test
    void ctrl4_rssVerificationKeyAddressesOnly() {
        byte[] input = Hex.decode("420995bb" + "a18e6450");
        assertEquals(0x323e8fc2, Toeplitz.hash(RSS_KEY, RSS_KEY.length, input));
    }

    @Test
    void ctrl4_bufferArrayAndPrefixVariantsAgree() {
        byte[] input = Hex.decode("420995bba18e64500aea06e6");
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[3], input);
        try {
            assertEquals(Toeplitz.hash(RSS_KEY, 40, input), Toeplitz.hash(RSS_KEY, 40, buf, 3, input.length));
            byte[] padded = new byte[36];
            System.arraycopy(input, 0, padded, 0, input.length);
            assertEquals(Toeplitz.hash(RSS_KEY, 40, input), Toeplitz.hash(RSS_KEY, 40, padded, input.length));
        } finally {
            buf.release();
        }
    }

    @Test
    void ctrl4_keyBytesPastTheLengthCountAsZero() {
        byte[] input = Hex.decode("420995bba18e6450");
        byte[] shortKey = java.util.Arrays.copyOf(RSS_KEY, 10);
        assertEquals(Toeplitz.hash(shortKey, 10, input), Toeplitz.hash(RSS_KEY, 10, input));
        assertEquals(0, Toeplitz.hash(new byte[0], 0, input));
    }

    @Test
    void ctrl3_maximalTypeAndInputOfAnIpv4TcpPacket() {
        // IPv4 header (20 bytes, protocol 6) + TCP ports
        byte[] ip = Hex.decode("45000028000040004006000042" + "0995bb" + "a18e6450" + "0aea06e6" + "0000000000000000");
        ByteBuf buf = Unpooled.wrappedBuffer(ip);
        try {
            assertEquals(HashType.IPV4_TCP, HashInput.maximalType(buf, 0, ip.length, HashType.ALL_MASK));
            assertEquals(HashType.IPV4, HashInput.maximalType(buf, 0, ip.length, HashType.IPV4.mask()));
            assertNull(HashInput.maximalType(buf, 0, ip.length, HashType.IPV6_TCP.mask()));
            byte[] out = new byte[HashType.MAX_INPUT_LENGTH];
            int n = HashInput.build(HashType.IPV4_TCP, buf, 0, ip.length, out);
            assertEquals(12, n);
            assertEquals(0x51ccc178, Toeplitz.hash(RSS_KEY, 40, out, n));
            assertEquals(-1, HashInput.build(HashType.IPV6, buf, 0, ip.length, out));
            assertEquals(-1, HashInput.build(HashType.IPV4_TCP, buf, 0, 21, out));
        } finally {
            buf.release();
        }
    }

    @Test
    void ctrl3_fragmentsAndShortPacketsGetNoTcpHash() {
        byte[] ip = Hex.decode("45000028000020004006000042" + "0995bb" + "a18e6450" + "0aea06e6");
        ByteBuf buf = Unpooled.wrappedBuffer(ip);
        try {
            assertEquals(HashType.IPV4, HashInput.maximalType(buf, 0, ip.length, HashType.ALL_MASK));
            assertNull(HashInput.maximalType(buf, 0, 10, HashType.ALL_MASK));
        } finally {
            buf.release();
        }
    }
}
