package dev.netifkit.conformance.vectors;

import dev.netifkit.proto.HashType;

import java.util.List;

/**
 * One parsed case of a {@code netif-abi-vectors/1} file: phase 1 ({@link VectorParser}) turns JSON into these
 * typed values, phase 2 ({@link VectorVerifier}) checks them.
 */
public sealed interface VectorCase {

    /** @return position in the file's {@code cases} array */
    int index();

    /** @return the case's {@code kind} */
    String kind();

    /** @return the case as written, for failure reports */
    String json();

    /** A struct case: encoding {@code fields} gives {@code hex}; decoding {@code hex} gives {@code fields}. */
    record Struct(int index, String json, StructKind struct, Object fields, byte[] hex) implements VectorCase {
        @Override
        public String kind() {
            return struct.kind();
        }
    }

    /** {@code ring_size}: entries of a ring of a slot size in a byte size. */
    record RingSize(int index, String json, String ring, int slotSize, int bytes, int entries) implements VectorCase {
        @Override
        public String kind() {
            return "ring_size";
        }
    }

    /** {@code ring_arith}: one ring.h predicate on u32 arguments; {@code result} is a u32 or a boolean. */
    record RingArith(int index, String json, String op, int size, int[] args, long result, boolean booleanResult)
            implements VectorCase {
        @Override
        public String kind() {
            return "ring_arith";
        }
    }

    /** {@code push_notify}: the push-and-check rule. */
    record PushNotify(int index, String json, boolean requests, int old, int now, int event, boolean notifies)
            implements VectorCase {
        @Override
        public String kind() {
            return "push_notify";
        }
    }

    /**
     * {@code final_check}. For the requests side {@code args} = req_prod, req_cons, rsp_prod_pvt, req_event; for the
     * responses side rsp_prod, rsp_cons, rsp_event.
     */
    record FinalCheck(int index, String json, boolean requests, int size, int[] args, boolean work, int eventAfter)
            implements VectorCase {
        @Override
        public String kind() {
            return "final_check";
        }
    }

    /** {@code sring}: a whole ring page after one burst. {@code reqProd}/{@code rspEvent} only for rx. */
    record Sring(int index, String json, String ring, int slotSize, int bytes, int start, StructKind entryKind,
                 List<Object> entries, int reqProd, int rspEvent, boolean notifies, byte[] hex) implements VectorCase {
        @Override
        public String kind() {
            return "sring";
        }
    }

    /** {@code toeplitz}: netif.h's hash of data under a key of any length. */
    record Toeplitz(int index, String json, byte[] key, byte[] data, int hash) implements VectorCase {
        @Override
        public String kind() {
            return "toeplitz";
        }
    }

    /** {@code packet_hash}: the hash of an IP packet's input of a hash type. */
    record PacketHash(int index, String json, HashType hashType, byte[] key, byte[] packet, int hash)
            implements VectorCase {
        @Override
        public String kind() {
            return "packet_hash";
        }
    }
}
