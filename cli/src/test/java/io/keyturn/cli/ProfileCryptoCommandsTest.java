package io.keyturn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.crypto.OpenSslEnvelope;
import io.keyturn.protocol.crypto.ProfileKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keyturn profile encrypt} and {@code keyturn profile decrypt}. */
class ProfileCryptoCommandsTest {

    private static final byte[] PROFILE = resource("profile.xml");
    private static final String KEY = "Vq3Lx8Nz Pw5";

    @TempDir
    Path dir;

    @Test
    void encryptsAProfileThatDecryptsBackToTheSameXml() throws IOException {
        Path in = Files.write(dir.resolve("profile.xml"), PROFILE);
        Path encrypted = dir.resolve("profile.cfg");
        Path decrypted = dir.resolve("back.xml");

        Cli.Result encrypt = Cli.run("profile", "encrypt", "--key", KEY, in.toString(), encrypted.toString());
        Cli.Result decrypt = Cli.run("profile", "decrypt", "--key", KEY, encrypted.toString(), decrypted.toString());

        assertThat(encrypt.exit()).as(encrypt.err()).isZero();
        assertThat(decrypt.exit()).as(decrypt.err()).isZero();
        assertThat(Files.readAllBytes(encrypted)).startsWith("Salted__".getBytes(StandardCharsets.US_ASCII));
        assertThat(new OpenSslEnvelope().decrypt(Files.readAllBytes(encrypted), ProfileKey.of(KEY))).isEqualTo(PROFILE);
        assertThat(Files.readAllBytes(decrypted)).isEqualTo(PROFILE);
        assertThat(encrypt.err()).isEmpty();
        assertThat(decrypt.err()).isEmpty();
    }

    @Test
    void gzipsBeforeEncryptingWhenAskedAndDecryptDetectsIt() throws IOException {
        Path in = Files.write(dir.resolve("profile.xml"), PROFILE);
        Path encrypted = dir.resolve("profile.cfg");

        assertThat(Cli.run("profile", "encrypt", "--gzip", "--key", KEY, in.toString(), encrypted.toString()).exit())
                .isZero();
        Cli.Result decrypt = Cli.run("profile", "decrypt", "--key", KEY, encrypted.toString(), "-");

        byte[] inner = new OpenSslEnvelope().decrypt(Files.readAllBytes(encrypted), ProfileKey.of(KEY));
        assertThat(inner).startsWith(0x1f, 0x8b);
        assertThat(decrypt.exit()).isZero();
        assertThat(decrypt.stdout()).isEqualTo(PROFILE);
    }

    @Test
    void readsStandardInputAndWritesStandardOutputForDash() {
        Cli.Result encrypt = Cli.run(PROFILE, "profile", "encrypt", "--key", KEY, "-", "-");
        Cli.Result decrypt = Cli.run(encrypt.stdout(), "profile", "decrypt", "--key", KEY, "-", "-");

        assertThat(encrypt.exit()).isZero();
        assertThat(encrypt.stdout()).startsWith("Salted__".getBytes(StandardCharsets.US_ASCII));
        assertThat(decrypt.exit()).isZero();
        assertThat(decrypt.stdout()).isEqualTo(PROFILE);
    }

    @Test
    void takesTheKeyFromAFileIgnoringOneTrailingNewline() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("key"), KEY + "\n");
        Path crlfKeyFile = Files.writeString(dir.resolve("key-crlf"), KEY + "\r\n");

        Cli.Result encrypt = Cli.run(PROFILE, "profile", "encrypt", "--key-file", keyFile.toString(), "-", "-");
        Cli.Result decrypt = Cli.run(encrypt.stdout(), "profile", "decrypt", "--key-file", crlfKeyFile.toString(),
                "-", "-");

        assertThat(encrypt.exit()).isZero();
        assertThat(new OpenSslEnvelope().decrypt(encrypt.stdout(), ProfileKey.of(KEY))).isEqualTo(PROFILE);
        assertThat(decrypt.stdout()).isEqualTo(PROFILE);
    }

    @Test
    void wrongKeyExitsWith2OneLineAndNoOutputFile() throws IOException {
        Path encrypted = Files.write(dir.resolve("profile.cfg"), Cli.run(PROFILE, "profile", "encrypt", "--key", KEY,
                "-", "-").stdout());
        Path out = dir.resolve("out.xml");

        Cli.Result result = Cli.run("profile", "decrypt", "--key", "not the key", encrypted.toString(), out.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains("[wrong-key]").doesNotContain("not the key").doesNotContain(KEY);
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(encrypted);
        }
    }

    @Test
    void wrongKeyLeavesAnExistingOutputUntouchedAndWritesNothingToStdout() throws IOException {
        byte[] encrypted = Cli.run(PROFILE, "profile", "encrypt", "--key", KEY, "-", "-").stdout();
        Path out = Files.writeString(dir.resolve("out.xml"), "previous content");

        Cli.Result toFile = Cli.run(encrypted, "profile", "decrypt", "--key", "other", "-", out.toString());
        Cli.Result toStdout = Cli.run(encrypted, "profile", "decrypt", "--key", "other", "-", "-");

        assertThat(toFile.exit()).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("previous content");
        assertThat(toStdout.exit()).isEqualTo(2);
        assertThat(toStdout.stdout()).isEmpty();
    }

    @Test
    void corruptOrTruncatedFileExitsWith2AndOneLine() {
        byte[] encrypted = Cli.run(PROFILE, "profile", "encrypt", "--key", KEY, "-", "-").stdout();
        byte[] corrupt = encrypted.clone();
        corrupt[16 + 16 * 20] ^= 0x40;

        Cli.Result truncated = Cli.run(Arrays.copyOf(encrypted, 500), "profile", "decrypt", "--key", KEY, "-", "-");
        Cli.Result damaged = Cli.run(corrupt, "profile", "decrypt", "--key", KEY, "-", "-");
        Cli.Result plain = Cli.run(PROFILE, "profile", "decrypt", "--key", KEY, "-", "-");

        assertThat(truncated.exit()).isEqualTo(2);
        assertThat(truncated.errLines()).singleElement().asString().endsWith("[truncated]");
        assertThat(damaged.exit()).isEqualTo(2);
        assertThat(damaged.errLines()).singleElement().asString().endsWith("[corrupt-profile]");
        assertThat(plain.exit()).isEqualTo(2);
        assertThat(plain.errLines()).singleElement().asString().endsWith("[not-encrypted-profile]");
        assertThat(truncated.stdout()).isEmpty();
        assertThat(damaged.stdout()).isEmpty();
    }

    @Test
    void compilesSpcSourceBeforeEncrypting() {
        Cli.Result sealed = Cli.run("Station_Name \"lobby\" ;\nGPP_A ! \"x\" ;\n".getBytes(StandardCharsets.US_ASCII),
                "profile", "encrypt", "--key", KEY, "-", "-");
        assertThat(sealed.exit()).isEqualTo(0);

        Cli.Result opened = Cli.run(sealed.stdout(), "profile", "decrypt", "--key", KEY, "-", "-");
        assertThat(opened.exit()).isEqualTo(0);
        assertThat(new String(opened.stdout(), StandardCharsets.US_ASCII)).contains("<Station_Name ua=\"na\">lobby</Station_Name>")
                .contains("<GPP_A ua=\"rw\">x</GPP_A>");
    }

    @Test
    void refusesMalformedSpcSourceWithoutWritingOutput() {
        Path out = dir.resolve("out.cfg");

        Cli.Result result = Cli.run("GPP_A \"x\"\n".getBytes(StandardCharsets.US_ASCII), "profile", "encrypt",
                "--key", KEY, "-", out.toString());

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.errLines()).singleElement().asString().contains("[malformed-spc]");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesXmlThatIsNotAWholeAsciiFlatProfile() {
        Cli.Result notProfile = Cli.run("<html></html>".getBytes(StandardCharsets.US_ASCII), "profile", "encrypt",
                "--key", KEY, "-", "-");
        Cli.Result nonAscii = Cli.run("<flat-profile><A>\u00e9</A></flat-profile>".getBytes(StandardCharsets.UTF_8),
                "profile", "encrypt", "--key", KEY, "-", "-");

        assertThat(notProfile.exit()).isEqualTo(2);
        assertThat(notProfile.err()).contains("[malformed-xml]");
        assertThat(nonAscii.exit()).isEqualTo(2);
        assertThat(nonAscii.err()).contains("[non-ascii]");
        assertThat(notProfile.stdout()).isEmpty();
    }

    @Test
    void routesOnlyXmlLookingInputToTheCipher() throws IOException {
        byte[] xml = "\n  <flat-profile/>".getBytes(StandardCharsets.US_ASCII);

        assertThat(ProfileSources.toProfileXml(xml, "-")).isSameAs(xml);
        assertThat(new String(ProfileSources.toProfileXml("Admin_Passwd \"x\";".getBytes(StandardCharsets.US_ASCII), "-"),
                StandardCharsets.US_ASCII)).contains("<Admin_Passwd ua=\"na\">x</Admin_Passwd>");
    }

    @Test
    void refusesAnUnusableKeyWithoutPrintingIt() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("key"), "Zq7x\tsecret\n");

        Cli.Result empty = Cli.run(PROFILE, "profile", "encrypt", "--key", "", "-", "-");
        Cli.Result tab = Cli.run(PROFILE, "profile", "encrypt", "--key-file", keyFile.toString(), "-", "-");

        assertThat(empty.exit()).isEqualTo(2);
        assertThat(empty.err()).contains("[invalid-key]");
        assertThat(tab.exit()).isEqualTo(2);
        assertThat(tab.errLines()).singleElement().asString().contains("--key-file").contains("position 5")
                .doesNotContain("Zq7x").doesNotContain("secret");
    }

    @Test
    void needsExactlyOneOfKeyAndKeyFile() throws IOException {
        Path keyFile = Files.writeString(dir.resolve("key"), KEY);
        Path in = Files.write(dir.resolve("profile.xml"), PROFILE);

        Cli.Result neither = Cli.run("profile", "encrypt", in.toString(), dir.resolve("a").toString());
        Cli.Result both = Cli.run("profile", "decrypt", "--key", KEY, "--key-file", keyFile.toString(), in.toString(),
                dir.resolve("b").toString());

        assertThat(neither.exit()).isEqualTo(2);
        assertThat(neither.err()).contains("--key");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void missingInputFileIsAnIoErrorWithExit1() {
        Cli.Result result = Cli.run("profile", "decrypt", "--key", KEY, dir.resolve("missing.cfg").toString(), "-");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errLines()).singleElement().asString().contains("no such file");
    }

    @Test
    void listsBothCommandsUnderProfile() {
        Cli.Result help = Cli.run("profile", "--help");

        assertThat(help.out()).contains("encrypt").contains("decrypt");
    }

    private static byte[] resource(String name) {
        try (InputStream in = ProfileCryptoCommandsTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
