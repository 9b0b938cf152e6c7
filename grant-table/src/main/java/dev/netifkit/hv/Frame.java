package dev.netifkit.hv;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;

/**
 * One 4 KiB frame of a domain's memory. Only the owning domain holds its {@code Frame} objects; another domain
 * reaches the memory only through a grant (copy or map).
 *
 * <p>The memory is direct and page-aligned, so VarHandle atomic views over {@link #nio()} work at any 4-byte
 * aligned index. Access shared structures with explicit little-endian accessors ({@code getIntLE},
 * {@code setShortLE}, …). A frame's number is stable while it is allocated; {@link Domain#freeFrame freeing} it
 * zeroes the memory, releases {@link #buf()} (later use throws) and lets the memory be reused under the same number.
 */
public final class Frame {
    /** Size of a frame in bytes. */
    public static final int SIZE = 4096;

    private final Domain owner;
    private final int number;
    private final ByteBuffer nio;
    private final ByteBuf buf;
    private volatile boolean live = true;

    Frame(Domain owner, int number, ByteBuffer nio, ByteBuf buf) {
        this.owner = owner;
        this.number = number;
        this.nio = nio;
        this.buf = buf;
    }

    /** The owner's frame number: what goes into {@code grant_entry_v1.frame}; never 0. */
    public int number() {
        return number;
    }

    /** The owning domain. */
    public Domain owner() {
        return owner;
    }

    /**
     * The owner's read-write view: capacity 4096, direct; use absolute {@code get/set…LE} accessors (reader and
     * writer indices carry no meaning). Released when the frame is freed.
     */
    public ByteBuf buf() {
        return buf;
    }

    /**
     * The same memory as a {@link ByteBuffer} (position 0, limit 4096), for VarHandle views, which declare their
     * own byte order. The object is shared: use absolute accessors only and never move its position or limit.
     */
    public ByteBuffer nio() {
        return nio;
    }

    /** True until the frame is freed or its domain destroyed. */
    public boolean isLive() {
        return live;
    }

    void kill() {
        live = false;
        if (buf.refCnt() > 0) {
            buf.release(buf.refCnt());
        }
    }

    @Override
    public String toString() {
        return "frame d" + owner.domid() + "#" + number + (live ? "" : " (freed)");
    }
}
