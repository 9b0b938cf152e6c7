package dev.netifkit.conformance.pair;

import dev.netifkit.proto.ring.SlotWords;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrafficFrameTest {

    @Test
    void patternWordsMatchTheBytewiseDefinitionForEveryBase() {
        for (int base = 0; base < 512; base++) {
            long expected = 0;
            for (int k = 7; k >= 0; k--) {
                expected = expected << 8 | ((base + k) & 0xFF);
            }
            assertEquals(expected, TrafficFrame.pattern8(base), "base " + base);
        }
    }

    @Test
    void framesVerifyAndEveryCorruptedByteIsCaught() {
        ByteBuf buf = SlotWords.scratch(300);
        for (int len : new int[] {TrafficFrame.MIN_LENGTH, 23, 64, 299}) {
            TrafficFrame.write(buf, 0xFFFF_FFFF_FFFFL, 0x00163e000001L, 3, 250, len);
            assertEquals(TrafficFrame.OK, TrafficFrame.verify(buf, 0, len));
            assertEquals(TrafficFrame.MALFORMED, TrafficFrame.verify(buf, 0, len - 1));
            for (int i = TrafficFrame.PAYLOAD_OFFSET; i < len; i++) {
                buf.setByte(i, buf.getByte(i) ^ 0x10);
                assertEquals(TrafficFrame.CORRUPTED, TrafficFrame.verify(buf, 0, len), "byte " + i + " of " + len);
                buf.setByte(i, buf.getByte(i) ^ 0x10);
            }
        }
    }
}
