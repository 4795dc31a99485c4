package io.keyturn.cli;

import io.keyturn.protocol.ProtocolException;
import io.keyturn.protocol.profile.FlatProfile;
import io.keyturn.protocol.profile.FlatProfileXml;
import io.keyturn.protocol.profile.Parameter;
import io.keyturn.protocol.profile.SpcSource;
import io.keyturn.protocol.profile.UserAccess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keyturn profile compile}: SPC plain-text source to {@code <flat-profile>} XML, and back. */
@Command(
        name = "compile",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        description = {
            "Compile SPC plain-text source (the input of Cisco's spc) into the XML <flat-profile> that SPA firmware"
                + " 2.0.6 and later reads; with --to-spc, convert such XML back into SPC source.",
            "",
            "SPC source: one statement per parameter, 'Name [!|?] [\"value\"] ;'. '!' gives the User read-write"
                + " access, '?' read-only, no mark hides the parameter; a statement without a value leaves the value"
                + " unchanged. '#' starts a comment outside quotes. Inside a value, \\\" is a quote and \\\\ a"
                + " backslash; values close on the line they open. 'import FILE' at the start of a line splices in"
                + " FILE, resolved relative to the directory of the file that imports it (the current directory for"
                + " standard input). A parameter stated twice is applied twice, in order, as the device does.",
            "",
            "Names: Proxy[1] in SPC is Proxy_1_ in XML. The output mentions each parameter once, in order of first"
                + " mention. Only ASCII is accepted in names and values.",
        },
        footer = {
            "",
            "Examples:",
            "  keyturn profile compile spa962.txt spa962.xml",
            "  keyturn profile compile --to-spc --default-access=na spa962.xml spa962.txt",
            "  keyturn profile compile - - < spa962.txt > spa962.xml",
            "",
            "Exit status: 0 written; 1 a file could not be read or written; 2 the input is not valid"
                + " (one line on standard error; OUT is left untouched).",
        })
final class CompileProfileCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "IN", description = "SPC source (XML with --to-spc); '-' reads standard input.")
    String in;

    @Parameters(index = "1", paramLabel = "OUT",
            description = "Where to write the XML (SPC source with --to-spc); '-' writes standard output."
                    + " A file is replaced only once the whole output is ready.")
    String out;

    @Option(names = "--to-spc", description = "Convert XML <flat-profile> IN into SPC source OUT instead.")
    boolean toSpc;

    @Option(names = "--default-access", paramLabel = "na|ro|rw", converter = AccessConverter.class,
            description = {"With --to-spc: the user access to write for parameters whose XML has no ua attribute."
                    + " SPC cannot leave access unchanged (no mark hides a parameter), so without this option such"
                    + " input is refused."})
    UserAccess defaultAccess;

    @Override
    public Integer call() throws IOException {
        if (defaultAccess != null && !toSpc) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--default-access applies only with --to-spc");
        }
        byte[] input = Streams.readAll(in);
        byte[] output = toSpc ? toSpc(input) : toXml(input);
        Streams.writeAll(out, output);
        return 0;
    }

    private byte[] toXml(byte[] input) throws IOException {
        try {
            return ProfileSources.compileSpc(input, in);
        } catch (ProtocolException e) {
            if (ProfileSources.looksLikeXml(input)) {
                throw new ProtocolException(e.reason(), e.getMessage()
                        + " (IN looks like XML: use --to-spc to convert XML into SPC source)", e);
            }
            throw e;
        }
    }

    private byte[] toSpc(byte[] input) {
        FlatProfile profile = FlatProfileXml.parse(input);
        if (defaultAccess == null) {
            List<Parameter> unstated = profile.parameters().stream().filter(p -> p.access().isEmpty()).toList();
            if (!unstated.isEmpty()) {
                throw new IllegalArgumentException(unstated.size() + " parameter(s) in " + displayIn()
                        + " have no ua attribute (first: " + unstated.get(0).name()
                        + "), and SPC cannot leave user access unchanged: pass --default-access=na|ro|rw");
            }
        }
        return SpcSource.write(profile, defaultAccess).getBytes(StandardCharsets.US_ASCII);
    }

    private String displayIn() {
        return "-".equals(in) ? "standard input" : in;
    }


    /** Reads {@code na}, {@code ro} or {@code rw}, the codes of the XML {@code ua} attribute. */
    static final class AccessConverter implements CommandLine.ITypeConverter<UserAccess> {
        @Override
        public UserAccess convert(String value) {
            return UserAccess.fromCode(value).orElseThrow(() ->
                    new CommandLine.TypeConversionException("'" + value + "' is not na, ro or rw"));
        }
    }
}
