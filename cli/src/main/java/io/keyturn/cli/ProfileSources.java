package io.keyturn.cli;

import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.profile.SpcSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Turns the IN of the profile tools into flat-profile XML: XML as it is, SPC source compiled. */
final class ProfileSources {

    private ProfileSources() {
    }

    /**
     * The flat-profile XML for IN: XML passes through (the cipher checks it is a whole ASCII
     * {@code <flat-profile>}), anything else is compiled as SPC source with its imports resolved
     * relative to IN's directory.
     */
    static byte[] toProfileXml(byte[] input, String in) throws IOException {
        return looksLikeXml(input) ? input : compileSpc(input, in);
    }

    /** Compiles SPC source read from {@code in} ({@code -} for standard input) into XML. */
    static byte[] compileSpc(byte[] input, String in) throws IOException {
        // ASCII only (spa-protocol.md §4.3): one byte per character, so a stray non-ASCII byte is reported
        // where it stands instead of being decoded into something else.
        String source = new String(input, StandardCharsets.ISO_8859_1);
        DirectoryImports imports = new DirectoryImports();
        String name = imports.start(in);
        return FlatProfileXml.writeBytes(SpcSource.parse(source, name, imports));
    }

    /** Whether the input starts, after white space (and a byte-order mark), with {@code <}. */
    static boolean looksLikeXml(byte[] input) {
        int i = 0;
        // A UTF-8 byte-order mark still routes to XML, where the parser names it as a non-ASCII byte.
        if (input.length >= 3 && (input[0] & 0xff) == 0xef && (input[1] & 0xff) == 0xbb && (input[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < input.length && (input[i] == ' ' || input[i] == '\t' || input[i] == '\r' || input[i] == '\n')) {
            i++;
        }
        return i < input.length && input[i] == '<';
    }

    /** Resolves imports relative to the directory of the importing file. */
    private static final class DirectoryImports implements SpcSource.ImportResolver {

        private final Path cwd = Path.of("").toAbsolutePath();
        /** Directory of every source handed out so far, by the name it was given. */
        private final Map<String, Path> directories = new HashMap<>();

        /** Registers the top-level input and returns its name. */
        String start(String in) {
            if ("-".equals(in)) {
                directories.put("<stdin>", cwd);
                return "<stdin>";
            }
            Path file = cwd.resolve(in).normalize();
            String name = nameOf(file);
            directories.put(name, file.getParent());
            return name;
        }

        @Override
        public SpcSource.Imported resolve(String importer, String file) throws IOException {
            Path directory = directories.getOrDefault(importer, cwd);
            Path path;
            try {
                path = directory.resolve(file).normalize();
            } catch (InvalidPathException e) {
                throw new NoSuchFileException(file, null, "not a valid path");
            }
            if (!Files.isRegularFile(path)) {
                throw new NoSuchFileException(path.toString(), null, "no such file: " + nameOf(path));
            }
            String name = nameOf(path);
            directories.put(name, path.getParent());
            return new SpcSource.Imported(name, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
        }

        /** The same name for the same file however it was reached: relative to the working directory when under it. */
        private String nameOf(Path file) {
            return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
        }
    }
}
