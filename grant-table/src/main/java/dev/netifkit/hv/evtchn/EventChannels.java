package dev.netifkit.hv.evtchn;

import java.util.Arrays;

/**
 * One domain's event channel ports (GNT-5), from {@code Domain.events()}. Ports are numbered from 1 (the lowest
 * free port is allocated first, as Xen does); a port is unbound (waiting for a given remote domain), or bound to
 * a port of another (or the same) domain.
 *
 * <p>Delivery: {@link #notify(int)} sets the peer port's pending bit; if it was clear and the port is not masked,
 * one delivery task is queued on the peer domain's execution context. The task clears pending <em>then</em> calls
 * the handler, so a notify during the handler queues another run, while several notifies before the task runs are
 * seen once (coalesced). A handler must therefore treat a notification as "look for work", which may find none.
 *
 * <p>Arguments that come from a peer (the remote port of {@link #bindInterdomain}, read from xenstore) give error
 * codes ({@link EvtchnStatus}); misuse of this domain's own ports throws {@link IllegalArgumentException}.
 * Thread-safe.
 */
public final class EventChannels {
    /** Ports per domain (the 2-level ABI's limit on 64-bit guests). */
    public static final int MAX_PORTS = 4096;

    private static final byte FREE = 0;
    private static final byte UNBOUND = 1;
    private static final byte INTERDOMAIN = 2;

    private final EventHub hub;
    private final int domid;
    private final EventAccounting accounting;

    // guarded by hub
    private byte[] state = new byte[16];
    private int[] remoteDomid = new int[16];
    private EventChannels[] remote = new EventChannels[16];
    private int[] remotePort = new int[16];
    private boolean[] pending = new boolean[16];
    private boolean[] masked = new boolean[16];
    private boolean[] queued = new boolean[16];
    private Runnable[] handler = new Runnable[16];
    private Delivery[] delivery = new Delivery[16];
    private int open;
    private boolean closedForever;

    EventChannels(EventHub hub, int domid, EventAccounting accounting) {
        this.hub = hub;
        this.domid = domid;
        this.accounting = accounting;
    }

    /** The domain these ports belong to. */
    public int domid() {
        return domid;
    }

    /**
     * Allocates a port that {@code remoteDomid} may bind to (EVTCHNOP_alloc_unbound).
     *
     * @return the local port (&gt; 0), or {@link EvtchnStatus#ENOSPC}
     * @throws IllegalArgumentException if {@code remoteDomid} is outside 0..0x7FEF
     */
    public int allocUnbound(int remoteDomid) {
        if (remoteDomid < 0 || remoteDomid > 0x7FEF) {
            throw new IllegalArgumentException("remote domid " + remoteDomid + " outside 0..0x7FEF");
        }
        accounting.hypercall();
        synchronized (hub) {
            int port = freePortLocked();
            if (port < 0) {
                return EvtchnStatus.ENOSPC;
            }
            state[port] = UNBOUND;
            this.remoteDomid[port] = remoteDomid;
            open++;
            return port;
        }
    }

    /**
     * Binds a new local port to {@code remotePort} of {@code remoteDomid} (EVTCHNOP_bind_interdomain). Both values
     * come from the peer through xenstore, so nothing here throws.
     *
     * @return the local port (&gt; 0), {@link EvtchnStatus#ESRCH} if the domain is absent,
     *         {@link EvtchnStatus#EINVAL} if the port is not an unbound port offered to this domain, or
     *         {@link EvtchnStatus#ENOSPC}
     */
    public int bindInterdomain(int remoteDomid, int remotePort) {
        accounting.hypercall();
        synchronized (hub) {
            if (closedForever) {
                return EvtchnStatus.ESRCH;
            }
            EventChannels peer = hub.lookupLocked(remoteDomid);
            if (peer == null) {
                return EvtchnStatus.ESRCH;
            }
            if (remotePort <= 0 || remotePort >= peer.state.length || peer.state[remotePort] != UNBOUND
                    || peer.remoteDomid[remotePort] != domid) {
                return EvtchnStatus.EINVAL;
            }
            int port = freePortLocked();
            if (port < 0) {
                return EvtchnStatus.ENOSPC;
            }
            bindLocked(port, peer, remotePort);
            peer.bindLocked(remotePort, this, port);
            open++;
            return port;
        }
    }

    /** Sets (or with null, removes) the handler of {@code port}; it runs on this domain's context. */
    public void setHandler(int port, Runnable handler) {
        synchronized (hub) {
            checkOpen(port);
            this.handler[port] = handler;
        }
    }

    /**
     * Notifies the peer of {@code port} (EVTCHNOP_send): one hypercall, and one notification sent when bound.
     *
     * @return 0, or {@link EvtchnStatus#EINVAL} if the port is not bound to a peer (free, unbound, or the peer
     *         closed its end)
     */
    public int notify(int port) {
        accounting.hypercall();
        synchronized (hub) {
            if (port <= 0 || port >= state.length || state[port] != INTERDOMAIN) {
                return EvtchnStatus.EINVAL;
            }
            accounting.notificationSent();
            remote[port].raiseLocked(remotePort[port]);
            return EvtchnStatus.OK;
        }
    }

    /** Masks {@code port}: events stay pending and are not delivered until {@link #unmask}. */
    public void mask(int port) {
        synchronized (hub) {
            checkOpen(port);
            masked[port] = true;
        }
    }

    /** Unmasks {@code port}; a pending event is delivered. */
    public void unmask(int port) {
        synchronized (hub) {
            checkOpen(port);
            masked[port] = false;
            if (pending[port] && !queued[port]) {
                queueLocked(port);
            }
        }
    }

    /** Closes {@code port} (EVTCHNOP_close); a bound peer's end becomes unbound (waiting for this domain). */
    public void close(int port) {
        accounting.hypercall();
        synchronized (hub) {
            checkOpen(port);
            closeLocked(port);
        }
    }

    /** True if an event is pending on {@code port}. */
    public boolean isPending(int port) {
        synchronized (hub) {
            checkOpen(port);
            return pending[port];
        }
    }

    /** True if {@code port} is bound to a peer port. */
    public boolean isBound(int port) {
        synchronized (hub) {
            return port > 0 && port < state.length && state[port] == INTERDOMAIN;
        }
    }

    /** Ports allocated and not closed (unbound or bound): a "no leaked port" check. */
    public int openPortCount() {
        synchronized (hub) {
            return open;
        }
    }

    /** Marks a pending event on {@code port} of this domain; caller holds the hub lock. */
    private void raiseLocked(int port) {
        if (pending[port]) {
            return; // coalesced (GNT-5)
        }
        pending[port] = true;
        if (!masked[port] && !queued[port]) {
            queueLocked(port);
        }
    }

    private void queueLocked(int port) {
        queued[port] = true;
        Delivery d = delivery[port];
        if (d == null) {
            d = new Delivery(port);
            delivery[port] = d;
        }
        hub.scheduler().execute(domid, d);
    }

    private void bindLocked(int port, EventChannels peer, int peerPort) {
        state[port] = INTERDOMAIN;
        remote[port] = peer;
        remotePort[port] = peerPort;
        remoteDomid[port] = peer.domid;
    }

    private void closeLocked(int port) {
        if (state[port] == INTERDOMAIN) {
            EventChannels peer = remote[port];
            int pp = remotePort[port];
            peer.state[pp] = UNBOUND;
            peer.remote[pp] = null;
            peer.remoteDomid[pp] = domid;
        }
        state[port] = FREE;
        remote[port] = null;
        pending[port] = false;
        masked[port] = false;
        handler[port] = null;
        open--;
    }

    /** Domain destruction: closes every open port; no new binding afterwards. Caller holds the hub lock. */
    void closeAllLocked() {
        for (int p = 1; p < state.length; p++) {
            if (state[p] != FREE) {
                closeLocked(p);
            }
        }
        closedForever = true;
    }

    private int freePortLocked() {
        if (closedForever) {
            return EvtchnStatus.ENOSPC;
        }
        for (int p = 1; p < state.length; p++) {
            if (state[p] == FREE) {
                return p;
            }
        }
        if (state.length == MAX_PORTS) {
            return EvtchnStatus.ENOSPC;
        }
        int p = state.length;
        int cap = Math.min(MAX_PORTS, state.length * 2);
        state = Arrays.copyOf(state, cap);
        remoteDomid = Arrays.copyOf(remoteDomid, cap);
        remote = Arrays.copyOf(remote, cap);
        remotePort = Arrays.copyOf(remotePort, cap);
        pending = Arrays.copyOf(pending, cap);
        masked = Arrays.copyOf(masked, cap);
        queued = Arrays.copyOf(queued, cap);
        handler = Arrays.copyOf(handler, cap);
        delivery = Arrays.copyOf(delivery, cap);
        return p;
    }

    private void checkOpen(int port) {
        if (port <= 0 || port >= state.length || state[port] == FREE) {
            throw new IllegalArgumentException("port " + port + " of d" + domid + " is not open");
        }
    }

    /** The preallocated delivery task of one port: clears pending, then runs the handler. */
    private final class Delivery implements Runnable {
        private final int port;

        Delivery(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            Runnable h;
            synchronized (hub) {
                queued[port] = false;
                if (state[port] == FREE || !pending[port] || masked[port]) {
                    return;
                }
                pending[port] = false;
                h = handler[port];
            }
            accounting.eventDelivered();
            if (h != null) {
                h.run();
            }
        }

        @Override
        public String toString() {
            return "evtchn d" + domid + ":" + port;
        }
    }

    @Override
    public String toString() {
        return "EventChannels{d" + domid + ", open=" + openPortCount() + "}";
    }
}
