package dev.netifkit.cli.decode;

import dev.netifkit.cli.InputException;
import dev.netifkit.proto.Hex;
import dev.netifkit.proto.NetifConstants;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the bytes of a ring page from a file, stdin or hex text. A file of exactly one page is binary; anything
 * else that is text is parsed as hex (whitespace allowed); anything else is a binary page of the wrong size.
 */
final class PageInput {
    /** Inputs are read up to this many bytes: a hex page with generous whitespace fits, a disk image does not. */
    static final int MAX_INPUT = 1 << 20;

    private PageInput() {
    }

    /**
     * A page from a file or, for {@code -}, from stdin.
     *
     * @param path the file, or {@code -}
     * @param stdin the standard input
     * @return exactly one page of bytes
     * @throws InputException naming the file: unreadable, bad hex, or "page is N bytes, expected 4096"
     */
    static byte[] fromFile(String path, InputStream stdin) throws InputException {
        String name = "-".equals(path) ? "stdin" : path;
        byte[] raw;
        try (InputStream in = "-".equals(path) ? stdin : Files.newInputStream(Path.of(path))) {
            raw = in.readNBytes(MAX_INPUT + 1);
        } catch (NoSuchFileException e) {
            throw new InputException(name + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new InputException(name + ": cannot read: " + e.getMessage());
        }
        if (raw.length > MAX_INPUT) {
            throw new InputException(name + ": more than " + MAX_INPUT + " bytes, not a ring page");
        }
        if (raw.length == NetifConstants.PAGE_SIZE) {
            return raw;
        }
        if (!isText(raw)) {
            throw new InputException(name + ": page is " + raw.length + " bytes, expected "
                    + NetifConstants.PAGE_SIZE + " (binary input)");
        }
        return page(fromHex(new String(raw, StandardCharsets.US_ASCII), name), name + " (hex text)");
    }

    /**
     * A page from hex text.
     *
     * @param text the hex
     * @param what how to name the input in messages
     * @return exactly one page of bytes
     * @throws InputException for bad hex or the wrong size
     */
    static byte[] pageFromHex(String text, String what) throws InputException {
        return page(fromHex(text, what), what);
    }

    /**
     * Parses hex text.
     *
     * @param text the hex, whitespace allowed between bytes
     * @param what how to name the input in messages
     * @return the bytes
     * @throws InputException with the position of the offending character
     */
    static byte[] fromHex(String text, String what) throws InputException {
        try {
            return Hex.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InputException(what + ": " + e.getMessage());
        }
    }

    private static byte[] page(byte[] bytes, String what) throws InputException {
        if (bytes.length != NetifConstants.PAGE_SIZE) {
            throw new InputException(what + ": page is " + bytes.length + " bytes, expected "
                    + NetifConstants.PAGE_SIZE);
        }
        return bytes;
    }

    /** Printable ASCII and whitespace only: a hex dump, not a binary page. */
    private static boolean isText(byte[] raw) {
        for (byte b : raw) {
            boolean printable = b >= 0x20 && b < 0x7F;
            if (!printable && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                return false;
            }
        }
        return true;
    }
}
