package dev.netifkit.netfront;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.netifkit.proto.ring.SlotWords;
import io.netty.buffer.ByteBuf;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hostile backend driven by fuzzer bytes (FR-1..FR-6): arbitrary tx and rx responses and extras, producers
 * moved anywhere, spurious notifications, while the frontend keeps transmitting. Whatever comes, no exception
 * escapes the frontend, every packet it delivers fits what it posted, and it is either connected or broken with an
 * FR clause. In the default test run Jazzer replays the committed inputs; {@code -Pfuzz} fuzzes for real.
 */
class HostileBackendFuzzTest {
    private static final Set<String> CLAUSES = Set.of("FR-1", "FR-2", "FR-3");

    @FuzzTest(maxDuration = "5m")
    void hostileBackend(FuzzedDataProvider d) {
        NetfrontSettings settings = NetfrontSettings.DEFAULTS.withStaging(false).withTrusted(d.consumeBoolean());
        try (World w = World.connected(settings)) {
            ByteBuf frame = SlotWords.scratch(9000);
            int steps = d.consumeInt(1, 50);
            for (int i = 0; i < steps && d.remainingBytes() > 0; i++) {
                switch (d.consumeInt(0, 8)) {
                    case 0:
                        w.backend.txRespond(0, d.consumeInt(0, 0x1FF), d.consumeInt(-3, 2));
                        break;
                    case 1:
                        w.backend.txPush(0);
                        break;
                    case 2:
                        w.backend.rxRespond(0, d.consumeInt(0, 0x1FF), d.consumeInt(0, 5000), d.consumeInt(0, 31),
                                d.consumeInt(-3, 5000));
                        break;
                    case 3:
                        w.backend.rxExtra(0).type(d.consumeInt(0, 6)).flags(d.consumeInt(0, 1))
                                .pad(0, d.consumeInt(0, 0xFFFF)).pad(1, d.consumeInt(0, 0xFFFF));
                        break;
                    case 4:
                        w.backend.rxPush(0);
                        break;
                    case 5:
                        if (d.consumeBoolean()) {
                            w.backend.txRawProducer(0, d.consumeInt());
                        } else {
                            w.backend.rxRawProducer(0, d.consumeInt());
                        }
                        break;
                    case 6:
                        w.backend.spuriousNotify(0);
                        break;
                    default: {
                        int len = d.consumeInt(14, 9000);
                        int r = w.nf.transmit(0, frame, 0, len, null);
                        assertTrue(r >= TxResult.OK && r <= TxResult.TOO_BIG, "transmit result " + r);
                        w.nf.flush(0);
                        break;
                    }
                }
                w.run(); // asserts that no task threw
                FrontState s = w.nf.state();
                assertTrue(s == FrontState.CONNECTED || s == FrontState.BROKEN, "state " + s);
                if (s == FrontState.BROKEN) {
                    assertTrue(CLAUSES.contains(w.nf.brokenClause()), "broken with " + w.nf.brokenClause()
                            + ": " + w.nf.brokenReason());
                }
                for (World.Rx rx : w.received) {
                    assertTrue(rx.data().length > 0 && rx.data().length <= 18 * 4096, "delivered " + rx.data().length);
                }
            }
            assertEquals(0, w.sched.taskFailures());
        }
    }
}
