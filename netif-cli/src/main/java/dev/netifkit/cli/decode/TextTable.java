package dev.netifkit.cli.decode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns padded to their widest cell, the last column left ragged. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /**
     * @param headings the column headings
     */
    TextTable(String... headings) {
        this.columns = headings.length;
        rows.add(headings);
    }

    /**
     * Adds a row; null cells print empty.
     *
     * @param cells one per column
     * @return this
     */
    TextTable row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("row of " + cells.length + " cells in a table of " + columns);
        }
        rows.add(cells);
        return this;
    }

    /**
     * Prints the table.
     *
     * @param out where
     * @param indent prefix of every line
     */
    void print(PrintWriter out, String indent) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], r[c] == null ? 0 : r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int c = 0; c < columns; c++) {
                String cell = r[c] == null ? "" : r[c];
                sb.append(cell);
                if (c < columns - 1) {
                    sb.append(" ".repeat(width[c] - cell.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
