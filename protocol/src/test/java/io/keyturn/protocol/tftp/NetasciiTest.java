package io.keyturn.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NetasciiTest {

    private static final long SEED = Long.getLong("keyturn.seed", 20261126L);

    /** Writes CR as {@code <CR>}, LF as {@code <LF>} and NUL as {@code <NUL>} for readable tables. */
    static byte[] text(String s) {
        return s.replace("<CR>", "\r").replace("<LF>", "\n").replace("<NUL>", "\0").getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no line ends        | abc                 | abc
            unix line           | a<LF>b<LF>          | a<CR><LF>b<CR><LF>
            bare CR             | a<CR>b              | a<CR><NUL>b
            local CR LF         | a<CR><LF>           | a<CR><NUL><CR><LF>
            NUL passes          | a<NUL>b             | a<NUL>b
            """)
    void encodesLineEndsAsRfc764Says(String name, String local, String wire) {
        assertThat(Netascii.encode(text(local))).isEqualTo(text(wire));
        assertThat(Netascii.decode(text(wire))).isEqualTo(text(local));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            CR at the end       | a<CR>               | a<CR>
            CR before a letter  | a<CR>b              | a<CR>b
            """)
    void keepsInvalidNetasciiInsteadOfFailing(String name, String wire, String local) {
        assertThat(Netascii.decode(text(wire))).isEqualTo(text(local));
    }

    static IntStream cases() {
        return IntStream.range(0, 200);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decodingUndoesEncodingForAnyBytes(int index) {
        Random random = new Random(SEED + index);
        byte[] local = new byte[random.nextInt(300)];
        for (int i = 0; i < local.length; i++) {
            int pick = random.nextInt(6);
            local[i] = pick == 0 ? (byte) '\r' : pick == 1 ? (byte) '\n' : pick == 2 ? 0 : (byte) random.nextInt(256);
        }

        assertThat(Netascii.decode(Netascii.encode(local))).as("seed %d case %d", SEED, index).isEqualTo(local);
    }
}
