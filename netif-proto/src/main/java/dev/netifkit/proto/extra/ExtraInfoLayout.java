package dev.netifkit.proto.extra;

/**
 * Layout of {@code netif_extra_info} (8 bytes) from netif.h, little-endian (TX-1, TX-7, RX-3).
 *
 * <pre>
 *      0     1     2     3     4     5     6     7 octet
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *     |type |flags| type specific data                |
 *     +-----+-----+-----+-----+-----+-----+-----+-----+
 *
 *   GSO (type 1):         |size       |type |pad  |features   |
 *   MCAST_ADD/DEL (2, 3): |addr[6]                            |
 *   HASH (4):             |type |alg  |value[4]              |
 *   any other type:       |pad[0]     |pad[1]     |pad[2]     |
 * </pre>
 *
 * An extra-info slot follows a first request (tx, where it fills the first 8 bytes of a 12-byte slot) or a first
 * response (rx) flagged extra_info; {@code XEN_NETIF_EXTRA_FLAG_MORE} in {@code flags} chains another.
 */
public final class ExtraInfoLayout {
    /** Offset of {@code type} (u8): XEN_NETIF_EXTRA_TYPE_*. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of {@code flags} (u8): XEN_NETIF_EXTRA_FLAG_*. */
    public static final int FLAGS_OFFSET = TYPE_OFFSET + Byte.BYTES;
    /** Offset of the type-specific union. */
    public static final int UNION_OFFSET = FLAGS_OFFSET + Byte.BYTES;
    /** Length of the type-specific union. */
    public static final int UNION_LENGTH = 6;
    /** Length of the structure in bytes. */
    public static final int LENGTH = UNION_OFFSET + UNION_LENGTH;

    /** Offset of {@code u.gso.size} (u16): the maximum segment size. */
    public static final int GSO_SIZE_OFFSET = UNION_OFFSET;
    /** Offset of {@code u.gso.type} (u8): XEN_NETIF_GSO_TYPE_*. */
    public static final int GSO_TYPE_OFFSET = GSO_SIZE_OFFSET + Short.BYTES;
    /** Offset of {@code u.gso.pad} (u8): must be 0 (RX-3). */
    public static final int GSO_PAD_OFFSET = GSO_TYPE_OFFSET + Byte.BYTES;
    /** Offset of {@code u.gso.features} (u16): XEN_NETIF_GSO_FEAT_*, none defined (RX-3). */
    public static final int GSO_FEATURES_OFFSET = GSO_PAD_OFFSET + Byte.BYTES;

    /** Offset of {@code u.mcast.addr} (6 bytes, first octet first). */
    public static final int MCAST_ADDR_OFFSET = UNION_OFFSET;
    /** Length of a multicast address. */
    public static final int MCAST_ADDR_LENGTH = 6;

    /** Offset of {@code u.hash.type} (u8): the hash type's bit number (RX-3). */
    public static final int HASH_TYPE_OFFSET = UNION_OFFSET;
    /** Offset of {@code u.hash.algorithm} (u8): XEN_NETIF_CTRL_HASH_ALGORITHM_*. */
    public static final int HASH_ALGORITHM_OFFSET = HASH_TYPE_OFFSET + Byte.BYTES;
    /** Offset of {@code u.hash.value} (4 bytes): the 32-bit hash, little-endian. */
    public static final int HASH_VALUE_OFFSET = HASH_ALGORITHM_OFFSET + Byte.BYTES;

    /** Offset of {@code u.pad} (three u16): the union's raw view for NONE and unknown types. */
    public static final int PAD_OFFSET = UNION_OFFSET;
    /** Number of u16 words in {@code u.pad}. */
    public static final int PAD_WORDS = UNION_LENGTH / Short.BYTES;

    private ExtraInfoLayout() {
    }
}
