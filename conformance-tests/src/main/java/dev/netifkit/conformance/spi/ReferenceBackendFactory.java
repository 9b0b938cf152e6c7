package dev.netifkit.conformance.spi;

import dev.netifkit.ctrl.GrefMappingTable;
import dev.netifkit.proto.packet.Checksum;
import dev.netifkit.netback.DatapathMode;
import dev.netifkit.netback.Netback;
import dev.netifkit.netback.NetbackSettings;
import dev.netifkit.netback.RxMeta;
import dev.netifkit.netback.TxPacket;
import dev.netifkit.netback.Violation;
import dev.netifkit.proto.GsoType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The default backend under test: netifkit's reference {@link Netback}.
 */
public final class ReferenceBackendFactory implements BackendFactory {

    @Override
    public BackendUnderTest create(BackendContext context) {
        NetbackSettings settings = NetbackSettings.DEFAULTS
                .withMode(DatapathMode.parse(context.mode()))
                .withGrefMappingSize((int) context.setting(BackendContext.GREF_MAPPING_SIZE))
                .withMaxQueues((int) context.setting(BackendContext.MAX_QUEUES))
                .withRxQueueBytes((int) context.setting(BackendContext.RX_QUEUE_BYTES));
        return new Reference(context, settings);
    }

    private static final class Reference implements BackendUnderTest {
        private final List<TransmittedPacket> transmitted = new ArrayList<>();
        private final Netback netback;
        private final RxMeta meta = new RxMeta();

        Reference(BackendContext context, NetbackSettings settings) {
            this.netback = new Netback(context.self(), context.backendPath(), settings, this::keep);
        }

        private void keep(TxPacket p) {
            transmitted.add(new TransmittedPacket(p.toBytes(), p.csumBlank(), p.dataValidated(), p.gsoType(),
                    p.gsoSize(), p.hashed(), p.hashType(), p.hash()));
        }

        @Override
        public void start() {
            netback.start();
        }

        @Override
        public BackendStatus status() {
            Violation v = netback.violation();
            switch (netback.state()) {
                case CONNECTED:
                    return new BackendStatus(BackendStatus.State.CONNECTED, null, null);
                case FATAL:
                    return new BackendStatus(BackendStatus.State.FATAL, v.clause(), v.message());
                case REFUSED:
                    return new BackendStatus(BackendStatus.State.REFUSED, v.clause(), v.message());
                case CLOSED:
                    return new BackendStatus(BackendStatus.State.CLOSED, null, null);
                default:
                    return new BackendStatus(BackendStatus.State.WAITING, null, null);
            }
        }

        @Override
        public boolean guestRx(int queue, GuestRxPacket packet) {
            meta.clear().checksum(Checksum.parse(packet.checksum()));
            if (packet.gsoType() != 0) {
                meta.gso(GsoType.fromCode(packet.gsoType()), packet.gsoSize());
            }
            ByteBuf data = Unpooled.wrappedBuffer(packet.data());
            try {
                return netback.guestRx(queue, data, 0, packet.data().length, meta);
            } finally {
                data.release();
            }
        }

        @Override
        public List<TransmittedPacket> drainTransmitted() {
            List<TransmittedPacket> out = new ArrayList<>(transmitted);
            transmitted.clear();
            return out;
        }

        @Override
        public Set<String> stagedGrefs() {
            Set<String> out = new LinkedHashSet<>();
            for (int q = 0; q < netback.queueCount(); q++) {
                GrefMappingTable table = netback.stagingTable(q);
                if (table != null) {
                    for (int g : table.grefs()) {
                        out.add(q + ":" + Integer.toUnsignedString(g));
                    }
                }
            }
            return out;
        }

        @Override
        public List<Throwable> internalErrors() {
            return netback.internalErrors();
        }

        @Override
        public Map<String, Long> counters() {
            return netback.counters();
        }

        @Override
        public void close() {
            netback.close();
        }
    }
}
