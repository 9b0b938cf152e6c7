package dev.netifkit.netback;

/**
 * The frontend's multicast list (TX-8, BK-10, BK-16), kept whether or not multicast control was requested. Like
 * Linux netback: an add appends (a duplicate is another entry), a delete removes one matching entry, deleting an
 * absent address is fine, and the list holds at most {@code max} entries.
 */
final class McastFilter {
    private final long[] addresses;
    private int count;

    McastFilter(int max) {
        this.addresses = new long[max];
    }

    /** @return false if the list is full (the request is answered ERROR) */
    boolean add(long addr) {
        if (count == addresses.length) {
            return false;
        }
        addresses[count++] = addr;
        return true;
    }

    void remove(long addr) {
        for (int i = 0; i < count; i++) {
            if (addresses[i] == addr) {
                System.arraycopy(addresses, i + 1, addresses, i, count - i - 1);
                count--;
                return;
            }
        }
    }

    boolean contains(long addr) {
        for (int i = 0; i < count; i++) {
            if (addresses[i] == addr) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return count;
    }

    void clear() {
        count = 0;
    }
}
