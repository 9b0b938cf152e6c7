package dev.netifkit.proto;

/**
 * Protocol-wide numbers from netif.h and the staging-grants proposal.
 */
public final class NetifConstants {
    /** Size of a guest page and of every grant: no request, copy or mapping crosses it (TX-4, BK-12). */
    public static final int PAGE_SIZE = 4096;

    /** XEN_NETIF_NR_SLOTS_MIN: a backend accepts packets of at least this many tx request slots (TX-5). */
    public static final int NR_SLOTS_MIN = 18;

    /** XEN_NETIF_MAX_TX_SIZE: the largest total size a transmitted packet may have (TX-6). */
    public static final int MAX_TX_SIZE = 0xFFFF;

    /** Length of an Ethernet header: a packet's first slot must carry at least this much (BK-7). */
    public static final int ETH_HLEN = 14;

    /** Largest Toeplitz key a backend accepts (netif.h; Linux XEN_NETBK_MAX_HASH_KEY_SIZE) (BK-19). */
    public static final int HASH_KEY_MAX_SIZE = 40;

    /** Largest hash mapping table a backend offers (Linux XEN_NETBK_MAX_HASH_MAPPING_SIZE) (BK-20). */
    public static final int HASH_MAPPING_MAX_SIZE = 128;

    /** Largest number of xen_netif_gref entries in one ADD/DEL_GREF_MAPPING list: one page of 8-byte entries (SG-1). */
    public static final int GREF_LIST_MAX_ENTRIES = PAGE_SIZE / 8;

    /** Flag of a xen_netif_gref entry: map the grant read-only (XEN_NETIF_CTRLF_GREF_readonly, SG-1). */
    public static final int CTRLF_GREF_READONLY = 1;

    /** XEN_NETIF_EXTRA_FLAG_MORE: another extra-info slot follows this one (TX-1). */
    public static final int EXTRA_FLAG_MORE = 1;

    /** One past the largest extra-info type netif.h defines (XEN_NETIF_EXTRA_TYPE_MAX) (TX-7, BK-2). */
    public static final int EXTRA_TYPE_MAX = 5;

    private NetifConstants() {
    }
}
