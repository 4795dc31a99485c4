package io.keyturn.protocol.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The openssl-made golden files in src/test/resources/vectors (see how-made.txt there). */
final class Vectors {

    private Vectors() {
    }

    /** One row of kdf.tsv: what {@code openssl enc -P} printed. */
    record Kdf(String md, String keyName, String passphrase, byte[] salt, byte[] key, byte[] iv) {
        @Override
        public String toString() {
            return md + " " + keyName + " " + HexFormat.of().formatHex(salt);
        }
    }

    /** One row of vectors.tsv: an encrypted file and how it was made. */
    record Encrypted(String file, String plaintext, String keyName, String passphrase, byte[] salt, String md) {
        byte[] fileBytes() {
            return bytes(file);
        }

        byte[] plaintextBytes() {
            return bytes(plaintext);
        }

        boolean gzipped() {
            return plaintext.endsWith(".gz");
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> keys() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String[] row : rows("keys.tsv")) {
            keys.put(row[0], row.length > 1 ? row[1] : "");
        }
        return keys;
    }

    static String key(String name) {
        String key = keys().get(name);
        if (key == null) {
            throw new IllegalStateException("no key named " + name);
        }
        return key;
    }

    static List<Kdf> kdf() {
        HexFormat hex = HexFormat.of();
        List<Kdf> result = new ArrayList<>();
        for (String[] row : rows("kdf.tsv")) {
            result.add(new Kdf(row[0], row[1], key(row[1]), hex.parseHex(row[2]), hex.parseHex(row[3]),
                    hex.parseHex(row[4])));
        }
        return result;
    }

    static List<Encrypted> encrypted() {
        List<Encrypted> result = new ArrayList<>();
        for (String[] row : rows("vectors.tsv")) {
            result.add(new Encrypted(row[0], row[1], row[2], key(row[2]), HexFormat.of().parseHex(row[3]), row[4]));
        }
        return result;
    }

    static List<Encrypted> encryptedWithMd5() {
        return encrypted().stream().filter(v -> v.md().equals("md5")).toList();
    }

    static Encrypted encrypted(String file) {
        return encrypted().stream().filter(v -> v.file().equals(file)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no vector " + file));
    }

    /** The rows of a tab-separated file, without its header line. */
    private static List<String[]> rows(String name) {
        String text = new String(bytes(name), StandardCharsets.US_ASCII);
        return Arrays.stream(text.split("\n")).skip(1).filter(line -> !line.isEmpty())
                .map(line -> line.split("\t", -1)).toList();
    }
}
