package dev.netifkit.proto;

/** Renders and parses flag bits by name (bit i is named {@code names[i]}). Not for the datapath. */
final class FlagNames {
    private FlagNames() {
    }

    static String render(int flags, String[] names) {
        if (flags == 0) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        int rest = flags;
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(names[i]);
                rest &= ~(1 << i);
            }
        }
        if (rest != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    static int bit(String name, String[] names) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return 1 << i;
            }
        }
        return -1;
    }
}
