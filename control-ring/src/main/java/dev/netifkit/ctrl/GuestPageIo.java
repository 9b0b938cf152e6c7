package dev.netifkit.ctrl;

import dev.netifkit.hv.Domain;
import dev.netifkit.hv.Frame;
import dev.netifkit.hv.grant.GntStatus;
import dev.netifkit.hv.grant.GrantCopyBatch;
import io.netty.buffer.ByteBuf;

/**
 * Reads and writes the frontend's granted pages that control requests name (hash key, mapping table, gref lists),
 * always by grant copy into or out of one backend-private frame: the backend snapshots the page once and works on
 * its copy (RING-8's rule applied to the pages a request names), and touches nothing the frontend did not grant
 * (GNT-2). Offset 0 of the granted page, as netif.h says for every such page.
 */
final class GuestPageIo {
    private final Domain self;
    private final int frontDomid;
    private final Frame scratch;
    private final GrantCopyBatch batch = new GrantCopyBatch(1);
    private int lastStatus = GntStatus.OKAY;

    GuestPageIo(Domain self, int frontDomid) {
        this.self = self;
        this.frontDomid = frontDomid;
        this.scratch = self.allocateFrame();
    }

    /** @return the private frame's buffer: what {@link #read} filled, what {@link #write} sends */
    ByteBuf buf() {
        return scratch.buf();
    }

    /**
     * Copies {@code length} (1..4096) bytes from offset 0 of a frontend gref into the private frame.
     *
     * @return true if the copy succeeded (GNTST_okay)
     */
    boolean read(int gref, int length) {
        batch.clear();
        batch.addFromGref(frontDomid, gref, 0, scratch, 0, length);
        self.grantCopy(batch);
        lastStatus = batch.status(0);
        return lastStatus == GntStatus.OKAY;
    }

    /**
     * Copies {@code length} bytes of the private frame back to offset 0 of a frontend gref.
     *
     * @return true if the copy succeeded
     */
    boolean write(int gref, int length) {
        batch.clear();
        batch.addToGref(scratch, 0, frontDomid, gref, 0, length);
        self.grantCopy(batch);
        lastStatus = batch.status(0);
        return lastStatus == GntStatus.OKAY;
    }

    /** @return the GNTST_* status of the last copy */
    int lastStatus() {
        return lastStatus;
    }

    void close() {
        batch.clear();
        self.freeFrame(scratch);
    }
}
