package io.keyturn.protocol.profile;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.ProtocolException.Reason;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/** One pass over one SPC source (see {@link SpcSource} for the grammar); imports recurse with a new parser. */
final class SpcParser {

    private final String src;
    private final String name;
    private final SpcSource.ImportResolver imports;
    private final FlatProfile.Builder profile;
    /** The names of the sources being parsed, innermost first: the import chain for cycle detection. */
    private final Deque<String> chain;

    private int pos;
    private int line = 1;
    private int lineStart;

    SpcParser(String src, String name, SpcSource.ImportResolver imports, FlatProfile.Builder profile,
            Deque<String> chain) {
        this.src = src;
        this.name = name;
        this.imports = imports;
        this.profile = profile;
        this.chain = chain;
    }

    void run() {
        chain.push(name == null ? "" : name);
        try {
            while (true) {
                skipBlank();
                if (pos >= src.length()) {
                    return;
                }
                if (atImport()) {
                    importLine();
                } else {
                    statement();
                }
            }
        } finally {
            chain.pop();
        }
    }

    private void statement() {
        int nameLine = line;
        int nameColumn = column();
        int start = pos;
        while (pos < src.length() && !endsName(src.charAt(pos))) {
            char c = src.charAt(pos);
            if (c > 0x7e) {
                throw error(Reason.NON_ASCII, line, column(),
                        "parameter name has a character outside ASCII; SPA firmware reads ASCII only");
            }
            if (c < 0x20) {
                throw error(Reason.MALFORMED_SPC, line, column(), "control character in a parameter name");
            }
            pos++;
        }
        if (pos == start) {
            throw error(Reason.MALFORMED_SPC, line, column(),
                    "expected a parameter name, found '" + src.charAt(pos) + "'");
        }
        String parameter;
        try {
            parameter = ParameterNames.fromLabel(src.substring(start, pos));
        } catch (ProtocolException e) {
            throw error(e.reason(), nameLine, nameColumn, e.getMessage());
        }
        int endLine = line;
        int endColumn = column();

        skipBlank();
        UserAccess access = UserAccess.HIDDEN;
        boolean marked = false;
        if (pos < src.length() && (src.charAt(pos) == '!' || src.charAt(pos) == '?')) {
            access = src.charAt(pos) == '!' ? UserAccess.READ_WRITE : UserAccess.READ_ONLY;
            marked = true;
            pos++;
            endLine = line;
            endColumn = column();
            skipBlank();
        }
        String value = null;
        if (pos < src.length() && src.charAt(pos) == '"') {
            value = quoted(parameter);
            endLine = line;
            endColumn = column();
            skipBlank();
        }
        if (pos < src.length() && src.charAt(pos) == ';') {
            pos++;
            profile.then(Parameter.trusted(parameter, value, access));
            return;
        }
        throw unterminatedStatement(parameter, value != null, marked, endLine, endColumn);
    }

    /**
     * The error for a statement that does not end in ';' where expected: "missing ';'" at the end of
     * its last part when the next token is elsewhere, else "expected ..." at the token.
     */
    private ProtocolException unterminatedStatement(String parameter, boolean valued, boolean marked, int endLine,
            int endColumn) {
        // A parameter called "import" is almost certainly a malformed import line.
        String hint = parameter.equals("import") ? " (an import line takes a bare file name: import base.txt)" : "";
        if (valued && pos < src.length() && line == endLine && column() == endColumn && hint.isEmpty()) {
            // Text right after the closing quote: most likely a '"' inside the value, unescaped.
            hint = " (a '\"' inside a value is written \\\")";
        }
        if (pos >= src.length() || valued || line != endLine) {
            return error(Reason.MALFORMED_SPC, endLine, endColumn, "missing ';' after "
                    + (valued ? "the value of " : "") + "parameter " + parameter + hint);
        }
        return error(Reason.MALFORMED_SPC, line, column(), "after parameter " + parameter + " expected "
                + (marked ? "" : "'!', '?', ") + "a double-quoted value or ';'"
                + (marked ? "" : " (values must be in double quotes)") + hint);
    }

    /**
     * Reads {@code "..."} at {@code pos}. It must close on the line it opens; {@code \"} and
     * {@code \\} are the only escapes, and any other backslash is an ordinary character.
     */
    private String quoted(String parameter) {
        int openLine = line;
        int openColumn = column();
        pos++;
        StringBuilder value = null;
        int start = pos;
        while (true) {
            if (pos >= src.length() || isLineEnd(src.charAt(pos))) {
                throw error(Reason.MALFORMED_SPC, openLine, openColumn, "unterminated quoted value of parameter "
                        + parameter + ": a value must close with '\"' on the line it opens");
            }
            char c = src.charAt(pos);
            if (c == '"') {
                break;
            }
            if (c > 0x7e || (c < 0x20 && c != '\t')) {
                throw error(Reason.NON_ASCII, line, column(), "value of parameter " + parameter
                        + " has a character outside printable ASCII; SPA firmware reads ASCII only");
            }
            if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '\\')) {
                if (value == null) {
                    value = new StringBuilder();
                }
                value.append(src, start, pos).append(src.charAt(pos + 1));
                pos += 2;
                start = pos;
                continue;
            }
            pos++;
        }
        String raw = value == null ? src.substring(start, pos) : value.append(src, start, pos).toString();
        pos++;
        return Parameter.deviceValue(raw);
    }

    /**
     * Whether {@code pos} is at an import line: {@code import} first on its line, followed on the same
     * line by a file name. {@code import !}, {@code import "..."}, {@code import ;} and a lone
     * {@code import} are statements about a parameter that happens to be called {@code import}.
     */
    private boolean atImport() {
        for (int i = lineStart; i < pos; i++) {
            if (src.charAt(i) != ' ' && src.charAt(i) != '\t') {
                return false;
            }
        }
        if (!src.startsWith("import", pos)) {
            return false;
        }
        int i = pos + 6;
        if (i < src.length() && !isSpace(src.charAt(i)) && !isLineEnd(src.charAt(i)) && src.charAt(i) != '#') {
            return false;
        }
        while (i < src.length() && isSpace(src.charAt(i))) {
            i++;
        }
        // A lone "import" on its line starts a statement that continues on the next line.
        return i < src.length() && !isLineEnd(src.charAt(i)) && "#!?\";".indexOf(src.charAt(i)) < 0;
    }

    private void importLine() {
        int importLine = line;
        int importColumn = column();
        pos += "import".length();
        skipSpaces();
        int start = pos;
        while (pos < src.length() && !isSpace(src.charAt(pos)) && !isLineEnd(src.charAt(pos))
                && src.charAt(pos) != '#') {
            pos++;
        }
        String file = src.substring(start, pos);
        if (file.indexOf('"') >= 0 || file.indexOf(';') >= 0) {
            throw error(Reason.MALFORMED_SPC, importLine, importColumn,
                    "import takes a bare file name, without quotes or ';'");
        }
        skipSpaces();
        if (pos < src.length() && !isLineEnd(src.charAt(pos)) && src.charAt(pos) != '#') {
            throw error(Reason.MALFORMED_SPC, line, column(),
                    "unexpected text after the file name of an import (file names cannot contain spaces)");
        }
        if (chain.size() > SpcSource.MAX_IMPORT_DEPTH) {
            throw error(Reason.UNRESOLVED_IMPORT, importLine, importColumn, "cannot import " + file
                    + ": imports nest deeper than " + SpcSource.MAX_IMPORT_DEPTH);
        }
        SpcSource.Imported imported;
        try {
            imported = imports.resolve(name, file);
        } catch (NoSuchFileException e) {
            throw error(Reason.UNRESOLVED_IMPORT, importLine, importColumn, "cannot import " + file + ": "
                    + (e.getReason() != null ? e.getReason() : "no such file"));
        } catch (IOException e) {
            throw error(Reason.UNRESOLVED_IMPORT, importLine, importColumn, "cannot import " + file + ": "
                    + e.getMessage());
        }
        if (chain.contains(imported.name())) {
            List<String> cycle = new ArrayList<>(chain);
            Collections.reverse(cycle);
            cycle.add(imported.name());
            throw error(Reason.UNRESOLVED_IMPORT, importLine, importColumn, "import cycle: "
                    + String.join(" -> ", cycle));
        }
        new SpcParser(imported.text(), imported.name(), imports, profile, chain).run();
    }

    /** Skips whitespace, line ends and {@code #} comments. */
    private void skipBlank() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '#') {
                while (pos < src.length() && !isLineEnd(src.charAt(pos))) {
                    pos++;
                }
            } else if (isSpace(c)) {
                pos++;
            } else if (isLineEnd(c)) {
                newline();
            } else {
                return;
            }
        }
    }

    private void skipSpaces() {
        while (pos < src.length() && isSpace(src.charAt(pos))) {
            pos++;
        }
    }

    /** Consumes one line end at {@code pos}: CR LF, CR or LF. */
    private void newline() {
        if (src.charAt(pos) == '\r' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
        lineStart = pos;
    }

    private int column() {
        return pos - lineStart + 1;
    }

    private ProtocolException error(Reason reason, int atLine, int atColumn, String message) {
        return new ProtocolException(reason, (name == null ? "" : name + ", ") + "line " + atLine + ", column "
                + atColumn + ": " + message);
    }

    private static boolean endsName(char c) {
        return isSpace(c) || isLineEnd(c) || c == '!' || c == '?' || c == '"' || c == ';' || c == '#';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isLineEnd(char c) {
        return c == '\n' || c == '\r';
    }
}
