package io.keyturn.registry.domain;

import io.keyturn.registry.domain.RegistryException.Reason;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CSV (RFC 4180: quoted fields, {@code ""} for a quote, CRLF or LF) with a header row whose names are the JSON
 * field names: {@code mac,model,serial,group,tenant,bootstrapMode,stagingKey} and {@code params.<Name>}. An empty
 * cell means "not given". A record longer than {@link #MAX_RECORD} characters is skipped and reported.
 */
public final class CsvImportReader implements ImportReader {

    public static final int MAX_RECORD = 64 * 1024;
    static final Set<String> COLUMNS = Set.of("mac", "model", "serial", "group", "tenant", "bootstrapMode",
            "stagingKey");

    private final BoundedLines in;
    private final List<String> header;
    /** Set by a runaway quote: what follows cannot be split into records reliably, so nothing more is read. */
    private boolean abandoned;

    /**
     * Reads and checks the header.
     *
     * @throws RegistryException {@code INVALID_IMPORT} for a missing, duplicate or unknown column: then no line of
     *     the file is imported
     */
    public CsvImportReader(Reader reader) throws IOException {
        this.in = new BoundedLines(reader);
        Record first = record();
        if (first == null || first.error != null || first.fields.size() == 1 && first.fields.get(0).isEmpty()) {
            throw new RegistryException(Reason.INVALID_IMPORT,
                    "line 1 must be a header naming the columns, e.g. mac,model,serial,group,tenant,stagingKey");
        }
        Set<String> seen = new HashSet<>();
        for (String name : first.fields) {
            String n = name.strip();
            if (!seen.add(n)) {
                throw new RegistryException(Reason.INVALID_IMPORT, "the header names " + FieldRules.quote(n) + " twice");
            }
            if (!COLUMNS.contains(n) && !n.startsWith("params.")) {
                throw new RegistryException(Reason.INVALID_IMPORT, "the header's column " + FieldRules.quote(n)
                        + " is not one of mac, model, serial, group, tenant, bootstrapMode, stagingKey, params.<Name>");
            }
            if (n.startsWith("params.")) {
                try {
                    FieldRules.paramName(n.substring("params.".length()));
                } catch (RegistryException e) {
                    // A bad column refuses the whole file, as any header fault does: no line of it is imported.
                    throw new RegistryException(Reason.INVALID_IMPORT, "the header's column " + FieldRules.quote(n)
                            + ": " + e.getMessage());
                }
            }
        }
        if (!seen.contains("mac") || !seen.contains("model")) {
            throw new RegistryException(Reason.INVALID_IMPORT, "the header must name the columns mac and model");
        }
        this.header = first.fields.stream().map(String::strip).toList();
    }

    @Override
    public ImportLine next() throws IOException {
        while (true) {
            Record r = record();
            if (r == null) {
                return null;
            }
            if (r.error != null) {
                return ImportLine.failed(r.line, r.error);
            }
            if (r.fields.size() == 1 && r.fields.get(0).isEmpty()) {
                continue;
            }
            if (r.fields.size() != header.size()) {
                return ImportLine.failed(r.line, new RegistryException(Reason.INVALID_FIELD, "the line has "
                        + r.fields.size() + " fields, the header " + header.size()));
            }
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String v = r.fields.get(i);
                if (v.isEmpty()) {
                    continue;
                }
                if (header.get(i).startsWith("params.")) {
                    params.put(header.get(i).substring("params.".length()), v);
                } else {
                    values.put(header.get(i), v);
                }
            }
            return ImportLine.of(r.line, new DeviceInput(values.get("mac"), values.get("model"), values.get("serial"),
                    values.get("group"), values.get("tenant"), values.get("bootstrapMode"), values.get("stagingKey"),
                    params));
        }
    }

    private record Record(long line, List<String> fields, RegistryException error) {
    }

    /** The next record, or null at the end; a record that breaks the format is skipped to the end of its line. */
    private Record record() throws IOException {
        if (abandoned) {
            return null;
        }
        long start = in.line();
        int c = in.read();
        if (c == -1) {
            return null;
        }
        in.unread(c);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int length = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            c = in.read();
            if (++length > MAX_RECORD) {
                if (quoted) {
                    // Inside a runaway quote the rest of the file may be one field: report it, do not read on.
                    abandoned = true;
                    return new Record(start, null, new RegistryException(Reason.INVALID_FIELD,
                            "a quoted field runs over " + MAX_RECORD + " characters; the rest of the file is not read"));
                }
                in.skipLine();
                return new Record(start, null, new RegistryException(Reason.INVALID_FIELD,
                        "the line is longer than " + MAX_RECORD + " characters"));
            }
            if (quoted) {
                if (c == -1) {
                    return new Record(start, null, new RegistryException(Reason.INVALID_FIELD,
                            "a quoted field is not closed before the end of the file"));
                }
                if (c == '"') {
                    int d = in.read();
                    if (d == '"') {
                        field.append('"');
                    } else {
                        in.unread(d);
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    field.append((char) c);
                }
                continue;
            }
            if (c == ',' ) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == -1) {
                fields.add(stripCr(field));
                return new Record(start, fields, null);
            } else if (c == '"' && field.isEmpty() && !afterQuote) {
                quoted = true;
            } else if (afterQuote && c != '\r') {
                in.skipLine();
                return new Record(start, null, new RegistryException(Reason.INVALID_FIELD,
                        "a quoted field is followed by text before the next comma"));
            } else if (c == '"') {
                in.skipLine();
                return new Record(start, null, new RegistryException(Reason.INVALID_FIELD,
                        "a quote inside an unquoted field; quote the field and double the quote"));
            } else {
                field.append((char) c);
            }
        }
    }

    private static String stripCr(StringBuilder field) {
        int n = field.length();
        return n > 0 && field.charAt(n - 1) == '\r' ? field.substring(0, n - 1) : field.toString();
    }
}
