package dev.netifkit.proto;

import dev.netifkit.proto.ctrl.CtrlRequestLayout;
import dev.netifkit.proto.ctrl.CtrlResponseLayout;
import dev.netifkit.proto.ctrl.GrefLayout;
import dev.netifkit.proto.extra.ExtraInfoLayout;
import dev.netifkit.proto.ring.RingGeometry;
import dev.netifkit.proto.ring.SringHeaderLayout;
import dev.netifkit.proto.rx.RxRequestLayout;
import dev.netifkit.proto.rx.RxResponseLayout;
import dev.netifkit.proto.tx.TxRequestLayout;
import dev.netifkit.proto.tx.TxResponseLayout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins every offset and size to the numbers of netif.h / ring.h as the C compiler lays them out (x86_64), typed
 * here once so that a drifted constant fails loudly (the layouts derive them; this test states them).
 */
class LayoutOffsetsTest {

    @Test
    void ring1_sringHeader() {
        assertEquals(0, SringHeaderLayout.REQ_PROD_OFFSET);
        assertEquals(4, SringHeaderLayout.REQ_EVENT_OFFSET);
        assertEquals(8, SringHeaderLayout.RSP_PROD_OFFSET);
        assertEquals(12, SringHeaderLayout.RSP_EVENT_OFFSET);
        assertEquals(16, SringHeaderLayout.PRIVATE_OFFSET);
        assertEquals(20, SringHeaderLayout.PAD_OFFSET);
        assertEquals(44, SringHeaderLayout.PAD_LENGTH);
        assertEquals(64, SringHeaderLayout.LENGTH);
        assertEquals(64, SringHeaderLayout.SLOTS_OFFSET);
    }

    @Test
    void tx1_txRequest() {
        assertEquals(0, TxRequestLayout.GREF_OFFSET);
        assertEquals(4, TxRequestLayout.OFFSET_OFFSET);
        assertEquals(6, TxRequestLayout.FLAGS_OFFSET);
        assertEquals(8, TxRequestLayout.ID_OFFSET);
        assertEquals(10, TxRequestLayout.SIZE_OFFSET);
        assertEquals(12, TxRequestLayout.LENGTH);
    }

    @Test
    void tx3_txResponse() {
        assertEquals(0, TxResponseLayout.ID_OFFSET);
        assertEquals(2, TxResponseLayout.STATUS_OFFSET);
        assertEquals(4, TxResponseLayout.LENGTH);
    }

    @Test
    void rx1_rxRequest() {
        assertEquals(0, RxRequestLayout.ID_OFFSET);
        assertEquals(2, RxRequestLayout.PAD_OFFSET);
        assertEquals(4, RxRequestLayout.GREF_OFFSET);
        assertEquals(8, RxRequestLayout.LENGTH);
    }

    @Test
    void rx2_rxResponse() {
        assertEquals(0, RxResponseLayout.ID_OFFSET);
        assertEquals(2, RxResponseLayout.OFFSET_OFFSET);
        assertEquals(4, RxResponseLayout.FLAGS_OFFSET);
        assertEquals(6, RxResponseLayout.STATUS_OFFSET);
        assertEquals(8, RxResponseLayout.LENGTH);
    }

    @Test
    void tx7_extraInfo() {
        assertEquals(0, ExtraInfoLayout.TYPE_OFFSET);
        assertEquals(1, ExtraInfoLayout.FLAGS_OFFSET);
        assertEquals(2, ExtraInfoLayout.GSO_SIZE_OFFSET);
        assertEquals(4, ExtraInfoLayout.GSO_TYPE_OFFSET);
        assertEquals(5, ExtraInfoLayout.GSO_PAD_OFFSET);
        assertEquals(6, ExtraInfoLayout.GSO_FEATURES_OFFSET);
        assertEquals(2, ExtraInfoLayout.MCAST_ADDR_OFFSET);
        assertEquals(2, ExtraInfoLayout.HASH_TYPE_OFFSET);
        assertEquals(3, ExtraInfoLayout.HASH_ALGORITHM_OFFSET);
        assertEquals(4, ExtraInfoLayout.HASH_VALUE_OFFSET);
        assertEquals(2, ExtraInfoLayout.PAD_OFFSET);
        assertEquals(3, ExtraInfoLayout.PAD_WORDS);
        assertEquals(8, ExtraInfoLayout.LENGTH);
    }

    @Test
    void ctrl1_ctrlRequestAndResponse() {
        assertEquals(0, CtrlRequestLayout.ID_OFFSET);
        assertEquals(2, CtrlRequestLayout.TYPE_OFFSET);
        assertEquals(4, CtrlRequestLayout.DATA0_OFFSET);
        assertEquals(8, CtrlRequestLayout.DATA1_OFFSET);
        assertEquals(12, CtrlRequestLayout.DATA2_OFFSET);
        assertEquals(12, CtrlRequestLayout.dataOffset(2));
        assertEquals(16, CtrlRequestLayout.LENGTH);
        assertEquals(0, CtrlResponseLayout.ID_OFFSET);
        assertEquals(2, CtrlResponseLayout.TYPE_OFFSET);
        assertEquals(4, CtrlResponseLayout.STATUS_OFFSET);
        assertEquals(8, CtrlResponseLayout.DATA_OFFSET);
        assertEquals(12, CtrlResponseLayout.LENGTH);
    }

    @Test
    void sg1_grefEntry() {
        assertEquals(0, GrefLayout.REF_OFFSET);
        assertEquals(4, GrefLayout.FLAGS_OFFSET);
        assertEquals(6, GrefLayout.STATUS_OFFSET);
        assertEquals(8, GrefLayout.LENGTH);
        assertEquals(512, NetifConstants.GREF_LIST_MAX_ENTRIES);
    }

    @Test
    void ring1_slotSizesAreTheUnionOfRequestAndResponse() {
        assertEquals(12, RingGeometry.TX_SLOT_SIZE);
        assertEquals(Math.max(TxRequestLayout.LENGTH, TxResponseLayout.LENGTH), RingGeometry.TX_SLOT_SIZE);
        assertEquals(8, RingGeometry.RX_SLOT_SIZE);
        assertEquals(Math.max(RxRequestLayout.LENGTH, RxResponseLayout.LENGTH), RingGeometry.RX_SLOT_SIZE);
        assertEquals(16, RingGeometry.CTRL_SLOT_SIZE);
        assertEquals(Math.max(CtrlRequestLayout.LENGTH, CtrlResponseLayout.LENGTH), RingGeometry.CTRL_SLOT_SIZE);
    }

    @Test
    void ring2_oneFourKiBPageHolds256TxAndRxAnd128CtrlEntries() {
        assertEquals(256, RingGeometry.TX.entries());
        assertEquals(256, RingGeometry.RX.entries());
        assertEquals(128, RingGeometry.CTRL.entries());
    }

    @Test
    void constantsOfSpec() {
        assertEquals(18, NetifConstants.NR_SLOTS_MIN);
        assertEquals(0xFFFF, NetifConstants.MAX_TX_SIZE);
        assertEquals(1, TxFlags.CSUM_BLANK);
        assertEquals(2, TxFlags.DATA_VALIDATED);
        assertEquals(4, TxFlags.MORE_DATA);
        assertEquals(8, TxFlags.EXTRA_INFO);
        assertEquals(1, RxFlags.DATA_VALIDATED);
        assertEquals(2, RxFlags.CSUM_BLANK);
        assertEquals(4, RxFlags.MORE_DATA);
        assertEquals(8, RxFlags.EXTRA_INFO);
        assertEquals(16, RxFlags.GSO_PREFIX);
        assertEquals(-2, NetifRsp.DROPPED);
        assertEquals(-1, NetifRsp.ERROR);
        assertEquals(0, NetifRsp.OKAY);
        assertEquals(1, NetifRsp.NULL);
        assertEquals(4, ExtraType.HASH.code());
        assertEquals(10, CtrlType.DEL_GREF_MAPPING.code());
        assertEquals(3, CtrlStatus.BUFFER_OVERFLOW.code());
        assertEquals(8, XenbusState.RECONFIGURED.code());
        assertEquals(1 << 3, HashType.IPV6_TCP.mask());
        assertEquals(3, HashType.IPV6_TCP.bit());
    }
}
