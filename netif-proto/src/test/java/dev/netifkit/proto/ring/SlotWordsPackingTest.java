package dev.netifkit.proto.ring;

import dev.netifkit.proto.rx.RxRequestFlyweight;
import dev.netifkit.proto.rx.RxResponseFlyweight;
import dev.netifkit.proto.tx.TxRequestFlyweight;
import dev.netifkit.proto.tx.TxResponseFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The packed slot accesses agree with netif-proto's flyweights, bit for bit (including u16/u32 edge values). */
class SlotWordsPackingTest {
    private final ByteBuf buf = Unpooled.wrappedBuffer(new byte[32]);

    @Test
    void ring1_txRequestPackingMatchesTheFlyweight() {
        int[][] cases = {{0, 0, 0, 0, 0}, {-1, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF}, {0x80000001, 4095, 0xF, 255, 65535},
            {12345, 17, 1 << 3, 7, 60}};
        TxRequestFlyweight fw = new TxRequestFlyweight().wrap(buf, 4);
        for (int[] c : cases) {
            buf.setZero(0, 32);
            SlotWords.writeTxRequest(buf, 4, c[0], c[1], c[2], c[3], c[4]);
            assertEquals(c[0], fw.gref());
            assertEquals(c[1], fw.offset());
            assertEquals(c[2], fw.flags());
            assertEquals(c[3], fw.id());
            assertEquals(c[4], fw.size());
            assertEquals(0, buf.getIntLE(0), "wrote before the slot");
            assertEquals(0, buf.getIntLE(16), "wrote after the slot");
        }
    }

    @Test
    void ring8_txResponseLoadMatchesTheFlyweight() {
        TxResponseFlyweight fw = new TxResponseFlyweight().wrap(buf, 0);
        int[][] cases = {{0, 0}, {65535, -1}, {255, -2}, {7, 1}, {0x8000, 0x7FFF}, {1, -32768}};
        for (int[] c : cases) {
            fw.id(c[0]).status(c[1]);
            int w = SlotWords.readTxResponse(buf, 0);
            assertEquals(c[0], SlotWords.txRspId(w));
            assertEquals(c[1], SlotWords.txRspStatus(w));
        }
    }

    @Test
    void ring1_rxRequestPackingMatchesTheFlyweight() {
        RxRequestFlyweight fw = new RxRequestFlyweight().wrap(buf, 8);
        SlotWords.writeRxRequest(buf, 8, 255, 0xFFFFFFF0);
        assertEquals(255, fw.id());
        assertEquals(0, fw.pad());
        assertEquals(0xFFFFFFF0, fw.gref());
    }

    @Test
    void ring8_rxResponseLoadMatchesTheFlyweight() {
        RxResponseFlyweight fw = new RxResponseFlyweight().wrap(buf, 8);
        int[][] cases = {{0, 0, 0, 0}, {65535, 65535, 65535, -1}, {17, 4000, 0x1F, 4096}, {3, 1, 4, -32768}};
        for (int[] c : cases) {
            fw.id(c[0]).offset(c[1]).flags(c[2]).status(c[3]);
            long w = SlotWords.readRxResponse(buf, 8);
            assertEquals(c[0], SlotWords.rxRspId(w));
            assertEquals(c[1], SlotWords.rxRspOffset(w));
            assertEquals(c[2], SlotWords.rxRspFlags(w));
            assertEquals((short) c[3], SlotWords.rxRspStatus(w));
        }
    }
}
