package dev.netifkit.cli.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.netifkit.cli.CliCommand;
import dev.netifkit.cli.InputException;
import dev.netifkit.cli.VersionProvider;
import dev.netifkit.proto.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code netif decode}: a 4 KiB ring page (binary file, hex text, or stdin) as {@code --ring tx|rx|ctrl} — header,
 * entries and a window of decoded slots — or one structure with {@code --struct KIND HEX}; a table or
 * {@code --json}. Wrong sizes and bad hex exit 2 with a message naming the input.
 */
@Command(name = "decode",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        customSynopsis = {
            "netif decode --ring=tx|rx|ctrl (--file=PATH | --hex=TEXT)",
            "                    [--window=requests|responses|all] [--count=N] [--json]",
            "   or: netif decode --struct KIND HEX [--json]"},
        description = {
            "Decode a 4 KiB ring page (tx, rx or ctrl) or one structure, as a table or JSON.",
            "",
            "A page shows its header, then a window of slots with flags, extra-info types and statuses by name. "
                + "Windows: requests = [rsp_prod, req_prod), posted and not answered, read as the consumer reads "
                + "them (tx: extra-info slots follow a first request flagged extra_info while "
                + "XEN_NETIF_EXTRA_FLAG_MORE is set; more_data continues a packet). "
                + "responses = [rsp_prod - N, rsp_prod); the default N = entries - (req_prod - rsp_prod) covers "
                + "every slot not holding an unanswered request, so older slots may show stale data (rx: "
                + "extra-info chains are followed). all = every slot, as a request and as a response. "
                + "A request window wider than the ring is reported (RING-9) and clamped.",
            ""},
        footer = {"",
            "Examples:",
            "  netif decode --ring tx --file tx-ring.bin",
            "  netif decode --ring rx --window responses --count 8 --file - < rx-ring.hex",
            "  netif decode --struct netif_tx_request 00100000000009000000ea05"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:decoded",
            "2:bad usage, unreadable input, bad hex or wrong size"})
public final class DecodeCommand extends CliCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(names = "--ring", paramLabel = "tx|rx|ctrl", converter = RingKind.Converter.class,
            completionCandidates = RingKind.Candidates.class,
            description = "Which ring the page holds (required for a page).")
    private RingKind ring;

    @Option(names = "--window", paramLabel = "requests|responses|all", defaultValue = "requests",
            converter = Window.Converter.class, completionCandidates = Window.Candidates.class,
            description = "Which slots to decode (default: ${DEFAULT-VALUE}).")
    private Window window;

    @Option(names = "--count", paramLabel = "N",
            description = "With --window responses: how many slots before rsp_prod (0..entries).")
    private Integer count;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    /** Where the bytes come from: exactly one. */
    static final class Source {
        @Option(names = "--file", paramLabel = "PATH",
                description = "A ring page: binary if exactly 4096 bytes, else hex text; '-' reads stdin.")
        String file;

        @Option(names = "--hex", paramLabel = "TEXT", description = "A ring page as hex text (whitespace allowed).")
        String hex;

        @Option(names = "--struct", arity = "2", paramLabel = "KIND HEX", hideParamSyntax = true,
                description = "Decode one structure given in hex. KIND: netif_tx_request, netif_tx_response, "
                        + "netif_rx_request, netif_rx_response, netif_extra_info, xen_netif_ctrl_request, "
                        + "xen_netif_ctrl_response, xen_netif_gref, grant_entry_v1.")
        List<String> struct;
    }

    @Override
    protected int execute() throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        if (source.struct != null) {
            if (ring != null) {
                throw new InputException("--ring applies to a page, not to --struct");
            }
            if (source.struct.size() != 2) {
                throw new InputException("--struct takes one KIND and one HEX, got " + source.struct);
            }
            return struct(mapper, source.struct.get(0), source.struct.get(1));
        }
        if (ring == null) {
            throw new InputException("--ring tx|rx|ctrl is required to decode a page");
        }
        if (count != null && window != Window.RESPONSES) {
            throw new InputException("--count applies to --window responses");
        }
        byte[] page = source.file != null ? PageInput.fromFile(source.file, System.in)
                : PageInput.pageFromHex(source.hex, "--hex");
        RingDump dump = RingDecoder.decode(page, ring, window, count);
        if (json) {
            out().println(mapper.writeValueAsString(DumpJson.page(dump)));
        } else {
            DumpText.print(dump, out());
        }
        return OK;
    }

    private int struct(ObjectMapper mapper, String kind, String hexText) throws Exception {
        Struct struct = Struct.byName(kind);
        if (struct == null) {
            throw new InputException("unknown structure '" + kind + "' (expected one of " + Struct.names() + ")");
        }
        byte[] bytes = PageInput.fromHex(hexText, "--struct " + kind);
        if (bytes.length != struct.length()) {
            throw new InputException("--struct " + kind + ": wrong length: " + bytes.length + " bytes, expected "
                    + struct.length());
        }
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            SlotFields fields = struct.decode(buf, 0);
            String hex = Hex.encode(bytes);
            if (json) {
                out().println(mapper.writeValueAsString(DumpJson.struct(struct, hex, fields)));
            } else {
                DumpText.printStruct(struct, hex, fields, out());
            }
        } finally {
            buf.release();
        }
        return OK;
    }
}
