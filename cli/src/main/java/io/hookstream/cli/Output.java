package io.hookstream.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.hookstream.schemas.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what a command shows in the chosen {@link OutputFormat}: a table (columns sized to their content, or
 * streamed rows with fixed widths for {@code --follow}), JSON (one object per line, so it pipes into jq) or
 * YAML (documents separated by {@code ---}).
 */
public final class Output {

    private static final ObjectMapper YAML = Json.configure(
                    JsonMapper.builder(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)))
            .build();

    private final OutputFormat format;
    private final PrintWriter out;

    public Output(OutputFormat format, PrintWriter out) {
        this.format = format == null ? OutputFormat.table : format;
        this.out = out;
    }

    public OutputFormat format() {
        return format;
    }

    /** One object as JSON or YAML; for tables, the given rows. */
    public void object(Object value, List<String> header, List<List<String>> rows) {
        switch (format) {
            case json -> out.println(json(value));
            case yaml -> out.print(yaml(value));
            case table -> table(header, rows);
        }
        out.flush();
    }

    /** A table with every row known: columns as wide as their widest cell. */
    public void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length && i < row.size(); i++) {
                widths[i] = Math.max(widths[i], cell(row.get(i)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = i < row.size() ? cell(row.get(i)) : "";
                line.append(i == widths.length - 1 ? cell : pad(cell, widths[i] + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** One row of a streamed table ({@code --follow}), with the given fixed widths; the last column is free. */
    public void row(List<String> cells, int... widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cell(cells.get(i));
            line.append(i < widths.length && i < cells.size() - 1 ? pad(cell, widths[i] + 2) : cell);
        }
        out.println(line.toString().stripTrailing());
        out.flush();
    }

    /** One streamed item: a JSON line or a YAML document (callers use {@link #row} for tables). */
    public void item(Object value) {
        if (format == OutputFormat.yaml) {
            out.print("---\n" + yaml(value));
        } else {
            out.println(json(value));
        }
        out.flush();
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value instanceof JsonNode node ? node : value);
        } catch (JsonProcessingException e) {
            throw new CliException("OutputFailed", 1, "cannot write JSON: " + e.getOriginalMessage());
        }
    }

    private static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new CliException("OutputFailed", 1, "cannot write YAML: " + e.getOriginalMessage());
        }
    }

    private static String cell(String value) {
        return value == null ? "-" : value.replace('\n', ' ');
    }

    private static String pad(String cell, int width) {
        return cell.length() >= width ? cell + " " : cell + " ".repeat(width - cell.length());
    }
}
