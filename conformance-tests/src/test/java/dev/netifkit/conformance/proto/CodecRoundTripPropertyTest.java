package dev.netifkit.conformance.proto;

import dev.netifkit.conformance.gen.WireGen;
import dev.netifkit.conformance.property.Gen;
import dev.netifkit.conformance.property.Property;
import dev.netifkit.conformance.property.Shrinker;
import dev.netifkit.proto.Hex;
import dev.netifkit.proto.ctrl.CtrlRequest;
import dev.netifkit.proto.ctrl.CtrlResponse;
import dev.netifkit.proto.ctrl.Gref;
import dev.netifkit.proto.extra.ExtraInfo;
import dev.netifkit.proto.rx.RxRequest;
import dev.netifkit.proto.rx.RxResponse;
import dev.netifkit.proto.tx.TxRequest;
import dev.netifkit.proto.tx.TxResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every layout carries every bit: value → bytes → value is the identity for random and edge field values, and
 * bytes → value → bytes is the identity for any bytes at all (validation is not the codec's job).
 */
class CodecRoundTripPropertyTest {
    private static final int TRIALS = 3000;

    private record Codec<T>(String name, int length, Gen<T> gen, BiFunction<ByteBuf, Integer, T> decode,
                            TriConsumer<T> encode) {
    }

    @FunctionalInterface
    private interface TriConsumer<T> {
        void encode(T value, ByteBuf buf, int at);
    }

    private static final List<Codec<?>> CODECS = List.of(
            new Codec<>("netif_tx_request", 12, WireGen.txRequests(), TxRequest::decode, TxRequest::encode),
            new Codec<>("netif_tx_response", 4, WireGen.txResponses(), TxResponse::decode, TxResponse::encode),
            new Codec<>("netif_rx_request", 8, WireGen.rxRequests(), RxRequest::decode, RxRequest::encode),
            new Codec<>("netif_rx_response", 8, WireGen.rxResponses(), RxResponse::decode, RxResponse::encode),
            new Codec<>("netif_extra_info", 8, WireGen.extras(), ExtraInfo::decode, ExtraInfo::encode),
            new Codec<>("xen_netif_ctrl_request", 16, WireGen.ctrlRequests(), CtrlRequest::decode, CtrlRequest::encode),
            new Codec<>("xen_netif_ctrl_response", 12, WireGen.ctrlResponses(), CtrlResponse::decode,
                    CtrlResponse::encode),
            new Codec<>("xen_netif_gref", 8, WireGen.grefs(), Gref::decode, Gref::encode));

    @TestFactory
    Stream<DynamicTest> valueToBytesToValue() {
        return CODECS.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> valueRoundTrip(c)));
    }

    @TestFactory
    Stream<DynamicTest> bytesToValueToBytes() {
        return CODECS.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> bytesRoundTrip(c)));
    }

    private static <T> void valueRoundTrip(Codec<T> c) {
        Property.forAll(c.name() + " value round trip", c.gen(), Shrinker.none(), TRIALS, value -> {
            // Encode at an odd offset of a larger buffer: codecs must not assume alignment or index 0.
            ByteBuf buf = Unpooled.buffer(c.length() + 3).writeZero(c.length() + 3);
            try {
                c.encode().encode(value, buf, 3);
                assertEquals(value, c.decode().apply(buf, 3));
                assertEquals(0, buf.getUnsignedByte(0) | buf.getUnsignedByte(1) | buf.getUnsignedByte(2),
                        "encoding wrote before its offset");
            } finally {
                buf.release();
            }
        });
    }

    private static <T> void bytesRoundTrip(Codec<T> c) {
        Gen<byte[]> bytes = r -> {
            byte[] b = new byte[c.length()];
            r.nextBytes(b);
            if (r.nextInt(4) == 0) {
                b[0] = (byte) r.nextInt(6); // extra-info: hit the known type codes too
            }
            return b;
        };
        Property.forAll(c.name() + " bytes round trip", bytes.map(BytesView::new), Shrinker.none(), TRIALS, v -> {
            ByteBuf in = Unpooled.wrappedBuffer(v.bytes());
            ByteBuf out = Unpooled.buffer(c.length()).writeZero(c.length());
            try {
                c.encode().encode(c.decode().apply(in, 0), out, 0);
                byte[] again = new byte[c.length()];
                out.getBytes(0, again);
                assertArrayEquals(v.bytes(), again);
            } finally {
                in.release();
                out.release();
            }
        });
    }

    /** Prints as hex in failure reports. */
    private record BytesView(byte[] bytes) {
        @Override
        public String toString() {
            return Hex.encode(bytes);
        }
    }
}
