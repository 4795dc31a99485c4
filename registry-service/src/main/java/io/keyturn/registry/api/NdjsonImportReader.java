package io.keyturn.registry.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.keyturn.registry.domain.BoundedLines;
import io.keyturn.registry.domain.CsvImportReader;
import io.keyturn.registry.domain.ImportLine;
import io.keyturn.registry.domain.ImportReader;
import io.keyturn.registry.domain.RegistryException;
import io.keyturn.registry.domain.RegistryException.Reason;
import java.io.IOException;
import java.io.Reader;

/** One {@link RegisterDeviceRequest} per line (NDJSON); a line that is not one is reported and the next read. */
final class NdjsonImportReader implements ImportReader {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final BoundedLines in;

    NdjsonImportReader(Reader reader) {
        this.in = new BoundedLines(reader);
    }

    @Override
    public ImportLine next() throws IOException {
        while (true) {
            long line = in.line();
            StringBuilder text = new StringBuilder();
            int c;
            boolean tooLong = false;
            while ((c = in.read()) != '\n' && c != -1) {
                if (text.length() >= CsvImportReader.MAX_RECORD) {
                    tooLong = true;
                    in.skipLine();
                    break;
                }
                text.append((char) c);
            }
            if (tooLong) {
                return ImportLine.failed(line, new RegistryException(Reason.INVALID_FIELD,
                        "the line is longer than " + CsvImportReader.MAX_RECORD + " characters"));
            }
            if (text.toString().isBlank()) {
                if (c == -1) {
                    return null;
                }
                continue;
            }
            try {
                RegisterDeviceRequest r = JSON.readValue(text.toString(), RegisterDeviceRequest.class);
                if (r == null) {
                    // The line is the JSON literal null, which Jackson reads as no object rather than a fault.
                    return ImportLine.failed(line, new RegistryException(Reason.INVALID_FIELD,
                            "not a JSON device object (null)"));
                }
                return ImportLine.of(line, r.toInput());
            } catch (UnrecognizedPropertyException e) {
                return ImportLine.failed(line, new RegistryException(Reason.INVALID_FIELD,
                        "unknown field " + quoteName(e.getPropertyName())));
            } catch (JacksonException e) {
                // Jackson's message may quote the line, which may hold a staging key: say only where it broke.
                return ImportLine.failed(line, new RegistryException(Reason.INVALID_FIELD,
                        "not a JSON device object (broken at column " + (e.getLocation() == null ? "?"
                                : e.getLocation().getColumnNr()) + ")"));
            }
        }
    }

    private static String quoteName(String name) {
        return name != null && name.matches("[A-Za-z0-9_.]{1,64}") ? "'" + name + "'" : "(not shown)";
    }
}
