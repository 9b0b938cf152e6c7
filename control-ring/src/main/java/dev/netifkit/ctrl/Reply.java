package dev.netifkit.ctrl;

import dev.netifkit.proto.CtrlStatus;

/**
 * The status and data a handler produces for one request; one instance per backend, reused (no allocation per
 * request).
 */
final class Reply {
    static final int SUCCESS = CtrlStatus.SUCCESS.code();
    static final int NOT_SUPPORTED = CtrlStatus.NOT_SUPPORTED.code();
    static final int INVALID_PARAMETER = CtrlStatus.INVALID_PARAMETER.code();
    static final int BUFFER_OVERFLOW = CtrlStatus.BUFFER_OVERFLOW.code();

    int status;
    int data;

    /** Sets a status with data 0. */
    void status(int s) {
        status = s;
        data = 0;
    }

    /** Sets SUCCESS with data. */
    void success(int d) {
        status = SUCCESS;
        data = d;
    }
}
