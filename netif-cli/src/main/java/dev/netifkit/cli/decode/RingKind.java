package dev.netifkit.cli.decode;

import dev.netifkit.proto.RxFlags;
import dev.netifkit.proto.TxFlags;
import dev.netifkit.proto.ring.RingGeometry;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The three one-page rings of netif and how their slots are read: which structure a request and a response slot
 * hold, and on which side extra-info slots follow a packet's first slot (tx requests, TX-1/TX-7; rx responses,
 * RX-2/RX-3).
 */
public enum RingKind {
    /** The transmit ring: 256 slots of 12 bytes; extra-info slots follow a first request flagged extra_info. */
    TX("tx", RingGeometry.TX, Struct.NETIF_TX_REQUEST, Struct.NETIF_TX_RESPONSE,
            true, TxFlags.EXTRA_INFO, TxFlags.MORE_DATA),
    /** The receive ring: 256 slots of 8 bytes; extra-info slots follow a first response flagged extra_info. */
    RX("rx", RingGeometry.RX, Struct.NETIF_RX_REQUEST, Struct.NETIF_RX_RESPONSE,
            false, RxFlags.EXTRA_INFO, RxFlags.MORE_DATA),
    /** The control ring: 128 slots of 16 bytes; no chains. */
    CTRL("ctrl", RingGeometry.CTRL, Struct.XEN_NETIF_CTRL_REQUEST, Struct.XEN_NETIF_CTRL_RESPONSE,
            false, 0, 0);

    private final String option;
    private final RingGeometry geometry;
    private final Struct request;
    private final Struct response;
    private final boolean chainedRequests;
    private final int extraInfoFlag;
    private final int moreDataFlag;

    RingKind(String option, RingGeometry geometry, Struct request, Struct response, boolean chainedRequests,
             int extraInfoFlag, int moreDataFlag) {
        this.option = option;
        this.geometry = geometry;
        this.request = request;
        this.response = response;
        this.chainedRequests = chainedRequests;
        this.extraInfoFlag = extraInfoFlag;
        this.moreDataFlag = moreDataFlag;
    }

    /** @return the name on the command line: tx, rx or ctrl */
    public String option() {
        return option;
    }

    /** @return the one-page geometry */
    public RingGeometry geometry() {
        return geometry;
    }

    /** @return what a request slot holds */
    public Struct request() {
        return request;
    }

    /** @return what a response slot holds */
    public Struct response() {
        return response;
    }

    /**
     * Whether packets of this side are chains (first slot, extra-info slots, more_data continuations).
     *
     * @param requests the request side (else the response side)
     * @return true for tx requests and rx responses
     */
    public boolean chained(boolean requests) {
        return extraInfoFlag != 0 && requests == chainedRequests;
    }

    /** @return the flag bit of a first slot announcing extra-info slots (0 for ctrl) */
    public int extraInfoFlag() {
        return extraInfoFlag;
    }

    /** @return the flag bit of a slot continued by the next one (0 for ctrl) */
    public int moreDataFlag() {
        return moreDataFlag;
    }

    /** Converts {@code tx|rx|ctrl} for picocli, case-insensitively. */
    public static final class Converter implements ITypeConverter<RingKind> {
        @Override
        public RingKind convert(String value) {
            for (RingKind k : values()) {
                if (k.option.equals(value.toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a ring (expected tx, rx or ctrl)");
        }
    }

    /** The accepted names, for help and completion. */
    public static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("tx", "rx", "ctrl").iterator();
        }
    }
}
