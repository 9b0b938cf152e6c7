package dev.netifkit.hv.xenstore;

/** Path rules: absolute, '/'-separated, no trailing or doubled slash, characters [A-Za-z0-9_/@:.-]. */
final class XsPaths {
    /** xenstored's XENSTORE_ABS_PATH_MAX. */
    static final int MAX_LENGTH = 3072;

    private XsPaths() {
    }

    static String check(String path) {
        if (path == null) {
            throw new IllegalArgumentException("xenstore path is null");
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new IllegalArgumentException("xenstore path '" + path + "' is not absolute");
        }
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("xenstore path of " + path.length() + " chars (max " + MAX_LENGTH + ")");
        }
        if (path.length() == 1) {
            return path;
        }
        if (path.charAt(path.length() - 1) == '/') {
            throw new IllegalArgumentException("xenstore path '" + path + "' ends with '/'");
        }
        char prev = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '/' || c == '@' || c == ':' || c == '.' || c == '-';
            if (!ok) {
                throw new IllegalArgumentException("xenstore path '" + path + "' has character '" + c + "' at " + i
                        + " (allowed: [A-Za-z0-9_/@:.-])");
            }
            if (c == '/' && prev == '/') {
                throw new IllegalArgumentException("xenstore path '" + path + "' has an empty component");
            }
            prev = c;
        }
        return path;
    }

    /** True if {@code path} is {@code base} or below it. */
    static boolean atOrUnder(String path, String base) {
        if (base.equals("/")) {
            return true;
        }
        return path.equals(base) || path.startsWith(base) && path.charAt(base.length()) == '/';
    }

    /** Parent of a non-root path. */
    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i == 0 ? "/" : path.substring(0, i);
    }

    /** Last component of a non-root path. */
    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** {@code base}/{@code child}. */
    static String join(String base, String child) {
        return base.equals("/") ? "/" + child : base + "/" + child;
    }

    /** The first component of {@code path} below {@code base} (path strictly under base). */
    static String childUnder(String path, String base) {
        int start = base.equals("/") ? 1 : base.length() + 1;
        int end = path.indexOf('/', start);
        return end < 0 ? path.substring(start) : path.substring(start, end);
    }
}
