package dev.netifkit.netback;

import dev.netifkit.hv.sched.DeterministicScheduler;
import dev.netifkit.hv.xenstore.XenStore;
import dev.netifkit.hv.xenstore.XenStoreConnection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XB-3 keys read by the backend, XB-4 refusals with the key and value named. */
class FrontendConfigTest {
    private static final String FE = "/local/domain/1/device/vif/0";
    private final XenStoreConnection xs = new XenStore(new DeterministicScheduler(0)).toolstack();

    private void single() {
        xs.write(FE + "/tx-ring-ref", "9");
        xs.write(FE + "/rx-ring-ref", "10");
        xs.write(FE + "/event-channel", "3");
        xs.write(FE + "/request-rx-copy", "1");
    }

    @Test
    void xb3_singleQueueKeysAtTheFrontendRoot() {
        single();
        xs.write(FE + "/feature-rx-notify", "1");
        xs.write(FE + "/feature-gso-tcpv4", "1");
        FrontendConfig.Read r = FrontendConfig.read(xs, FE, 8);
        assertNull(r.refusal());
        FrontendConfig c = r.config();
        assertEquals(1, c.numQueues());
        assertArrayEquals(new int[] {9}, c.txRingRef());
        assertArrayEquals(new int[] {3}, c.rxEventChannel());
        assertFalse(c.split());
        assertTrue(c.rxNotify());
        assertTrue(c.gsoTcpv4());
        assertFalse(c.gsoTcpv6());
        assertFalse(c.ctrlRing());
    }

    @Test
    void xb3_multiQueueLayoutWithSplitChannelsAndControlRing() {
        xs.write(FE + "/multi-queue-num-queues", "2");
        for (int q = 0; q < 2; q++) {
            xs.write(FE + "/queue-" + q + "/tx-ring-ref", Integer.toString(20 + q));
            xs.write(FE + "/queue-" + q + "/rx-ring-ref", Integer.toString(30 + q));
            xs.write(FE + "/queue-" + q + "/event-channel-tx", Integer.toString(5 + q));
            xs.write(FE + "/queue-" + q + "/event-channel-rx", Integer.toString(7 + q));
        }
        xs.write(FE + "/request-rx-copy", "1");
        xs.write(FE + "/ctrl-ring-ref", "4294967295");
        xs.write(FE + "/event-channel-ctrl", "9");
        FrontendConfig c = FrontendConfig.read(xs, FE, 8).config();
        assertEquals(2, c.numQueues());
        assertArrayEquals(new int[] {21, 31}, new int[] {c.txRingRef()[1], c.rxRingRef()[1]});
        assertTrue(c.split());
        assertArrayEquals(new int[] {7, 8}, c.rxEventChannel());
        assertTrue(c.ctrlRing());
        assertEquals(-1, c.ctrlRingRef(), "u32 gref 0xFFFFFFFF is a legal value");
    }

    private String refusal() {
        FrontendConfig.Read r = FrontendConfig.read(xs, FE, 8);
        assertNull(r.config());
        assertEquals("XB-4", r.refusal().clause());
        return r.refusal().message();
    }

    @Test
    void xb4_moreQueuesThanOffered() {
        single();
        xs.write(FE + "/multi-queue-num-queues", "9");
        assertTrue(refusal().contains("9 queues"));
    }

    @Test
    void xb4_missingRingRef() {
        single();
        xs.rm(FE + "/rx-ring-ref");
        assertTrue(refusal().contains("missing " + FE + "/rx-ring-ref"));
    }

    @Test
    void xb4_missingEventChannel() {
        single();
        xs.rm(FE + "/event-channel");
        assertTrue(refusal().contains("event-channel"));
    }

    @Test
    void xb4_unparsableRingRef() {
        single();
        xs.write(FE + "/tx-ring-ref", "twelve");
        assertTrue(refusal().contains("'twelve'"));
    }

    @Test
    void xb4_noRxCopy() {
        single();
        xs.rm(FE + "/request-rx-copy");
        assertTrue(refusal().contains("request-rx-copy"));
    }

    @Test
    void xb4_ctrlRingWithoutItsEventChannel() {
        single();
        xs.write(FE + "/ctrl-ring-ref", "11");
        assertTrue(refusal().contains("event-channel-ctrl"));
    }
}
