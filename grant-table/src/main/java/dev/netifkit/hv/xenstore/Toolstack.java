package dev.netifkit.hv.xenstore;

import java.util.List;
import java.util.Map;

/**
 * What the toolstack (libxl) writes to xenstore when it creates or destroys a split device: the frontend's
 * directory owned by the frontend domain and readable by the backend, the backend's directory owned by the backend
 * domain and readable by the frontend, each with the keys the other side looks for, in state Initialising (XB-1).
 * The directories above them belong to the toolstack, readable by their domain, so neither side can write outside
 * its own device directory.
 */
public final class Toolstack {
    private Toolstack() {
    }

    /** {@code /local/domain/<domid>}. */
    public static String domainPath(int domid) {
        return "/local/domain/" + domid;
    }

    /**
     * Creates the device's two directories.
     *
     * @param type          device type, e.g. "vif"
     * @param extraFrontend more keys for the frontend directory (may be empty)
     * @param extraBackend  more keys for the backend directory (may be empty)
     * @return the two paths
     */
    public static DevicePaths createDevice(XenStore xs, String type, int frontDomid, int backDomid, int devid,
                                           Map<String, String> extraFrontend, Map<String, String> extraBackend) {
        if (xs == null || type == null || devid < 0) {
            throw new IllegalArgumentException("createDevice: store " + xs + ", type " + type + ", devid " + devid);
        }
        XenStoreConnection ts = xs.toolstack();
        String frontDir = domainPath(frontDomid) + "/device/" + type;
        String backDir = domainPath(backDomid) + "/backend/" + type + "/" + frontDomid;
        String front = frontDir + "/" + devid;
        String back = backDir + "/" + devid;
        ensureDir(ts, domainPath(frontDomid), frontDomid);
        ensureDir(ts, domainPath(frontDomid) + "/device", frontDomid);
        ensureDir(ts, frontDir, frontDomid);
        ensureDir(ts, domainPath(backDomid), backDomid);
        ensureDir(ts, domainPath(backDomid) + "/backend", backDomid);
        ensureDir(ts, domainPath(backDomid) + "/backend/" + type, backDomid);
        ensureDir(ts, backDir, backDomid);

        ts.mkdir(front);
        ts.setPermissions(front, List.of(new XsPermission(frontDomid, Perm.NONE),
                new XsPermission(backDomid, Perm.READ)));
        ts.mkdir(back);
        ts.setPermissions(back, List.of(new XsPermission(backDomid, Perm.NONE),
                new XsPermission(frontDomid, Perm.READ)));

        ts.write(front + "/backend", back);
        ts.write(front + "/backend-id", Integer.toString(backDomid));
        ts.write(front + "/state", Integer.toString(Xenbus.STATE_INITIALISING));
        ts.write(front + "/handle", Integer.toString(devid));
        if (extraFrontend != null) {
            extraFrontend.forEach((k, v) -> ts.write(front + "/" + k, v));
        }
        ts.write(back + "/frontend", front);
        ts.write(back + "/frontend-id", Integer.toString(frontDomid));
        ts.write(back + "/state", Integer.toString(Xenbus.STATE_INITIALISING));
        ts.write(back + "/handle", Integer.toString(devid));
        ts.write(back + "/online", "1");
        if (extraBackend != null) {
            extraBackend.forEach((k, v) -> ts.write(back + "/" + k, v));
        }
        return new DevicePaths(front, back);
    }

    /** Removes both directories of the device. */
    public static void destroyDevice(XenStore xs, DevicePaths paths) {
        if (xs == null || paths == null) {
            throw new IllegalArgumentException("destroyDevice: store " + xs + ", paths " + paths);
        }
        xs.toolstack().rm(paths.frontend());
        xs.toolstack().rm(paths.backend());
    }

    /** Creates {@code path} owned by the toolstack, readable by {@code domid}, unless it exists. */
    static void ensureDir(XenStoreConnection ts, String path, int domid) {
        if (!ts.exists(path)) {
            ts.mkdir(path);
            ts.setPermissions(path, List.of(new XsPermission(0, Perm.NONE), new XsPermission(domid, Perm.READ)));
        }
    }
}
