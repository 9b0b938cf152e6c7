package dev.netifkit.hv.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantEntryV1LayoutTest {

    @Test
    void gnt1_offsetsAsInGrantTableH() {
        // grant_table.h: flags u16 @0, domid u16 @2, frame u32 @4, sizeof 8; 512 entries per 4 KiB page
        assertEquals(0, GrantEntryV1Layout.FLAGS_OFFSET);
        assertEquals(2, GrantEntryV1Layout.DOMID_OFFSET);
        assertEquals(4, GrantEntryV1Layout.FRAME_OFFSET);
        assertEquals(8, GrantEntryV1Layout.LENGTH);
        assertEquals(512, GrantEntryV1Layout.ENTRIES_PER_FRAME);
        assertEquals(8, GrantEntryV1Layout.RESERVED_ENTRIES);
        assertEquals(0, GrantEntryV1Layout.offsetInFrame(512));
        assertEquals(8 * 511, GrantEntryV1Layout.offsetInFrame(1023));
        assertEquals(2, GrantEntryV1Layout.frameIndex(1024));
    }

    @Test
    void gnt1_flagBits() {
        assertEquals(0, GrantEntryV1Layout.GTF_INVALID);
        assertEquals(1, GrantEntryV1Layout.GTF_PERMIT_ACCESS);
        assertEquals(3, GrantEntryV1Layout.GTF_TYPE_MASK);
        assertEquals(4, GrantEntryV1Layout.GTF_READONLY);
        assertEquals(8, GrantEntryV1Layout.GTF_READING);
        assertEquals(16, GrantEntryV1Layout.GTF_WRITING);
    }

    @Test
    void gnt1_wordPacksFlagsLowDomidHigh() {
        ByteBuf buf = Unpooled.directBuffer(8);
        try {
            new GrantEntryV1(0x1234, 0xABCD, 0xDEADBEEF).encode(buf, 0);
            assertEquals(GrantEntryV1Layout.word(0x1234, 0xABCD), buf.getIntLE(0));
            assertEquals(0x1234, GrantEntryV1Layout.wordFlags(buf.getIntLE(0)));
            assertEquals(0xABCD, GrantEntryV1Layout.wordDomid(buf.getIntLE(0)));
            assertEquals("3412cdabefbeadde", ByteBufUtil.hexDump(buf, 0, 8));
        } finally {
            buf.release();
        }
    }

    @Test
    void gnt1_recordRejectsValuesWiderThanU16() {
        assertThrows(IllegalArgumentException.class, () -> new GrantEntryV1(0x10000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new GrantEntryV1(0, -1, 0));
    }

    @TestFactory
    List<DynamicTest> gnt1_vectorsRoundTrip() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/vectors/netif-abi-vectors.json")) {
            assertNotNull(in, "vectors/netif-abi-vectors.json missing from test resources");
            root = new ObjectMapper().readTree(in);
        }
        assertEquals("netif-abi-vectors/1", root.get("format").asText());
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (JsonNode c : root.get("cases")) {
            if (!"grant_entry_v1".equals(c.path("kind").asText())) {
                continue;
            }
            int index = n++;
            JsonNode f = c.get("fields");
            int flags = f.get("flags").asInt();
            int domid = f.get("domid").asInt();
            int frame = (int) f.get("frame").asLong();
            String hex = c.get("hex").asText();
            tests.add(DynamicTest.dynamicTest("gnt1_vector_" + index + "_" + hex, () -> {
                ByteBuf buf = Unpooled.directBuffer(16);
                try {
                    buf.writeZero(16);
                    // at a non-zero offset too, so the offsets (not the buffer start) are what is checked
                    new GrantEntryV1(flags, domid, frame).encode(buf, 4);
                    assertEquals(hex, ByteBufUtil.hexDump(buf, 4, GrantEntryV1Layout.LENGTH), "encode " + f);
                    ByteBuf in = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
                    assertEquals(new GrantEntryV1(flags, domid, frame), GrantEntryV1.decode(in, 0), "decode " + hex);
                    assertEquals(flags, GrantEntryV1Layout.flags(in, 0));
                    assertEquals(domid, GrantEntryV1Layout.domid(in, 0));
                    assertEquals(frame, GrantEntryV1Layout.frame(in, 0));
                    in.release();
                } finally {
                    buf.release();
                }
            }));
        }
        assertTrue(n > 0, "the vectors file has no grant_entry_v1 case");
        return tests;
    }
}
