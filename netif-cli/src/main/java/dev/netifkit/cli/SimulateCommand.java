package dev.netifkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netifkit.conformance.pair.Direction;
import dev.netifkit.conformance.pair.Simulation;
import dev.netifkit.conformance.pair.SimulationResult;
import dev.netifkit.conformance.pair.SimulationSpec;
import dev.netifkit.conformance.pair.TrafficFrame;
import dev.netifkit.netback.DatapathMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code netif simulate}: drives netfront ↔ netback in-process in each datapath mode and reports packets per
 * second with the hypervisor cost of every packet — the staging-grants proposal's before/after table, with the
 * grant operations counted instead of estimated.
 */
@Command(name = "simulate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run a frontend/backend pair in-process (emulated hypervisor, real grants, event channels and xenstore) "
                + "in the copy, map and staging datapaths and compare them: Mpps, Gbit/s and, per packet, "
                + "hypercalls, grant copy ops, maps, unmaps, TLB flushes, memcpy bytes and notifications. Every "
                + "packet is checked on arrival (exactly once, intact, in order).",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every run moved its packets intact",
            "1:a run lost, duplicated, reordered or corrupted packets, or a side broke",
            "2:bad usage"})
public final class SimulateCommand extends CliCommand {

    @Option(names = "--frame", paramLabel = "BYTES", split = ",", defaultValue = "64",
            description = "Frame size(s) in bytes, a comma-separated list (default: ${DEFAULT-VALUE}).")
    private List<Integer> frames = new ArrayList<>();

    @Option(names = "--queues", paramLabel = "N", defaultValue = "1",
            description = "Queues, 1..8 (default: ${DEFAULT-VALUE}).")
    private int queues;

    @Option(names = "--mode", paramLabel = "MODE", split = ",", defaultValue = "copy,map,staging",
            description = "Datapath mode(s): copy, map, staging (default: ${DEFAULT-VALUE}).")
    private List<String> modes = new ArrayList<>();

    @Option(names = "--direction", paramLabel = "DIR", split = ",", defaultValue = "tx,rx",
            description = "Direction(s), the guest's view: tx, rx, both (both at once) (default: ${DEFAULT-VALUE}).")
    private List<String> directions = new ArrayList<>();

    @Option(names = "--seconds", paramLabel = "S",
            description = "Seconds of traffic per run (default: 2, unless --packets is given).")
    private Double seconds;

    @Option(names = "--packets", paramLabel = "N",
            description = "Packets per run instead of a duration.")
    private Long packets;

    @Option(names = "--threads", description = "One thread per domain instead of the deterministic scheduler.")
    private boolean threads;

    @Option(names = "--json", description = "Print the results as JSON on stdout (progress still goes to stderr).")
    private boolean json;

    @Override
    protected int execute() throws Exception {
        List<DatapathMode> modeList = new ArrayList<>();
        for (String m : modes) {
            modeList.add(parse(() -> DatapathMode.parse(m)));
        }
        List<Direction> dirList = new ArrayList<>();
        for (String d : directions) {
            dirList.add(parse(() -> Direction.parse(d)));
        }
        for (int f : frames) {
            if (f < TrafficFrame.MIN_LENGTH || f > 0xFFFF) {
                throw new InputException("--frame " + f + " is outside " + TrafficFrame.MIN_LENGTH + "..65535 bytes");
            }
        }
        if (queues < 1 || queues > 8) {
            throw new InputException("--queues " + queues + " is outside 1..8");
        }
        if (seconds != null && packets != null) {
            throw new InputException("give --seconds or --packets, not both");
        }
        if (seconds != null && !(seconds > 0 && seconds <= 3600)) {
            throw new InputException("--seconds " + seconds + " is outside (0, 3600]");
        }
        if (packets != null && packets < 1) {
            throw new InputException("--packets " + packets + " must be at least 1");
        }
        double secs = packets != null ? 0 : seconds != null ? seconds : 2.0;
        long count = packets != null ? packets : 0;

        if (!json) {
            out().printf("netif simulate: %s-byte frames, %d queue%s, %s scheduler, %s%n", join(frames), queues,
                    queues == 1 ? "" : "s", threads ? "threaded" : "deterministic",
                    packets != null ? packets + " packets per run" : secs + " s per run");
            out().flush();
        }
        List<SimulationResult> results = new ArrayList<>();
        boolean intact = true;
        for (int frame : frames) {
            for (DatapathMode mode : modeList) {
                for (Direction dir : dirList) {
                    String label = String.format("%-7s %-4s %5d B", name(mode), name(dir), frame);
                    SimulationResult r;
                    try {
                        r = Simulation.run(new SimulationSpec(mode, dir, frame, queues, count, secs, threads),
                                line -> progress(label, line));
                    } catch (IllegalStateException e) {
                        progress(label, null);
                        error(label.trim() + ": " + e.getMessage());
                        return FAILED;
                    }
                    intact &= r.intact();
                    results.add(r);
                }
            }
        }
        if (json) {
            out().println(toJson(results));
        } else {
            printTable(results);
        }
        return intact ? OK : FAILED;
    }

    private interface Parser<T> {
        T get();
    }

    private static <T> T parse(Parser<T> p) throws InputException {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    private void progress(String label, String line) {
        if (line == null) {
            err().print("\r" + " ".repeat(72) + "\r");
        } else {
            err().print("\r  " + label + "  " + line + "   ");
        }
        err().flush();
    }

    private static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String join(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            sb.append(sb.length() == 0 ? "" : ",").append(v);
        }
        return sb.toString();
    }

    private void printTable(List<SimulationResult> results) {
        out().println();
        out().printf("%-8s %-4s %6s %8s %8s  %10s %8s %6s %6s %6s %8s %7s  %s%n", "mode", "dir", "frame", "Mpps",
                "Gbit/s", "hypercalls", "copy ops", "maps", "unmaps", "TLB", "memcpy B", "notify", "integrity");
        for (SimulationResult r : results) {
            SimulationResult.PerPacket p = r.perPacket();
            out().printf(Locale.ROOT, "%-8s %-4s %6d %8.3f %8.3f  %10.3f %8.3f %6.3f %6.3f %6.3f %8.1f %7.4f  %s%n",
                    name(r.mode()), name(r.direction()), r.frameBytes(), r.mpps(), r.gbps(), p.hypercalls(),
                    p.grantCopyOps(), p.grantMaps(), p.grantUnmaps(), p.tlbFlushes(), p.memcpyBytes(),
                    p.notifications(), integrity(r));
        }
        out().println("(per packet; hypervisor counters of the backend and the guest summed)");
        ratios(results);
    }

    private static String integrity(SimulationResult r) {
        if (r.intact()) {
            return String.format(Locale.ROOT, "ok (%,d)", r.received());
        }
        return String.format(Locale.ROOT, "BAD: sent %,d received %,d corrupted %,d out of order %,d", r.sent(),
                r.received(), r.corrupted(), r.outOfOrder());
    }

    /** staging/copy ratios per frame and direction, when both ran. */
    private void ratios(List<SimulationResult> results) {
        for (SimulationResult s : results) {
            if (s.mode() != DatapathMode.STAGING) {
                continue;
            }
            for (SimulationResult c : results) {
                if (c.mode() == DatapathMode.COPY && c.direction() == s.direction()
                        && c.frameBytes() == s.frameBytes()) {
                    out().printf(Locale.ROOT, "staging/copy %-4s %5d B: %.2fx Mpps, hypercalls per packet %.3f vs %.3f, "
                                    + "grant ops per packet %.3f vs %.3f%n", name(s.direction()), s.frameBytes(),
                            s.mpps() / c.mpps(), s.perPacket().hypercalls(), c.perPacket().hypercalls(),
                            grantOps(s), grantOps(c));
                }
            }
        }
    }

    private static double grantOps(SimulationResult r) {
        SimulationResult.PerPacket p = r.perPacket();
        return p.grantCopyOps() + p.grantMaps() + p.grantUnmaps();
    }

    private String toJson(List<SimulationResult> results) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        if (frames.size() == 1) {
            root.put("frame_bytes", frames.get(0));
        } else {
            ArrayNode fb = root.putArray("frame_bytes");
            frames.forEach(fb::add);
        }
        root.put("queues", queues);
        root.put("scheduler", threads ? "threaded" : "deterministic");
        ArrayNode runs = root.putArray("runs");
        for (SimulationResult r : results) {
            ObjectNode run = runs.addObject();
            run.put("mode", name(r.mode()));
            run.put("direction", name(r.direction()));
            run.put("frame_bytes", r.frameBytes());
            run.put("packets", r.packets());
            run.put("seconds", r.seconds());
            run.put("mpps", r.mpps());
            run.put("gbps", r.gbps());
            SimulationResult.PerPacket p = r.perPacket();
            ObjectNode per = run.putObject("per_packet");
            per.put("hypercalls", p.hypercalls());
            per.put("grant_copy_ops", p.grantCopyOps());
            per.put("grant_maps", p.grantMaps());
            per.put("grant_unmaps", p.grantUnmaps());
            per.put("tlb_flushes", p.tlbFlushes());
            per.put("memcpy_bytes", p.memcpyBytes());
            per.put("notifications", p.notifications());
            ObjectNode integrity = run.putObject("integrity");
            integrity.put("sent", r.sent());
            integrity.put("received", r.received());
            integrity.put("corrupted", r.corrupted());
            integrity.put("out_of_order", r.outOfOrder());
        }
        return mapper.writeValueAsString(root);
    }
}
