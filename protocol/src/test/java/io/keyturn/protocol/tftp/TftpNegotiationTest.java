package io.keyturn.protocol.tftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TftpNegotiationTest {

    /** Splits "a=1,b=2" into options; an empty string is no options. */
    static TftpOptions options(String spec) {
        if (spec == null || spec.isEmpty()) {
            return TftpOptions.empty();
        }
        String[] pairs = spec.split(",", -1);
        String[] flat = new String[pairs.length * 2];
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            flat[2 * i] = pairs[i].substring(0, eq);
            flat[2 * i + 1] = pairs[i].substring(eq + 1);
        }
        return TftpOptions.of(flat);
    }

    @ParameterizedTest(name = "{0} -> OACK [{1}], blksize {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # requested                               | acknowledged                    | block size
                                                      |                                 | 512
            blksize=1468                              | blksize=1468                    | 1468
            BLKSIZE=1024                              | blksize=1024                    | 1024
            blksize=8                                 | blksize=8                       | 8
            blksize=7                                 |                                 | 512
            blksize=0                                 |                                 | 512
            blksize=65464                             | blksize=1468                    | 1468
            blksize=65465                             | blksize=1468                    | 1468
            blksize=99999999999999999999999999        | blksize=1468                    | 1468
            blksize=-512                              |                                 | 512
            blksize=+512                              |                                 | 512
            blksize=0x200                             |                                 | 512
            blksize=                                  |                                 | 512
            blksize= 512                              |                                 | 512
            tsize=0                                   | tsize=60000                     | 512
            tsize=123                                 | tsize=60000                     | 512
            tsize=abc                                 |                                 | 512
            timeout=1                                 | timeout=1                       | 512
            timeout=255                               | timeout=255                     | 512
            timeout=0                                 |                                 | 512
            timeout=256                               |                                 | 512
            timeout=99999999999999999999              |                                 | 512
            windowsize=16                             |                                 | 512
            multicast=                                |                                 | 512
            windowsize=8,blksize=512,x=y,tsize=0      | blksize=512,tsize=60000         | 512
            tsize=0,timeout=5,blksize=9000            | tsize=60000,timeout=5,blksize=1468 | 1468
            """)
    void serverAcknowledgesOnlyOptionsItUnderstandsWithValuesItCanUse(String requested, String acknowledged, int blockSize) {
        TftpNegotiation answer = TftpNegotiation.answer(options(requested), 1468, 60000);

        assertThat(answer.acknowledged().asMap()).containsExactlyEntriesOf(options(acknowledged).asMap());
        assertThat(answer.blockSize()).isEqualTo(blockSize);
        assertThat(answer.hasOptionAck()).isEqualTo(acknowledged != null);
    }

    @Test
    void serverReportsTheAgreedTimeoutAndSize() {
        TftpNegotiation answer = TftpNegotiation.answer(options("timeout=3,tsize=0"), 512, 0);

        assertThat(answer.timeoutSeconds()).isEqualTo(OptionalInt.of(3));
        assertThat(answer.transferSize()).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void clientAcceptsAnOackWithinWhatItAsked() {
        TftpNegotiation accepted = TftpNegotiation.accept(options("blksize=1468,tsize=0,timeout=2"),
                options("blksize=1024,tsize=24576,timeout=2"));

        assertThat(accepted.blockSize()).isEqualTo(1024);
        assertThat(accepted.transferSize()).isEqualTo(OptionalLong.of(24576));
        assertThat(accepted.timeoutSeconds()).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void clientKeepsDefaultsForOptionsTheServerLeftOut() {
        TftpNegotiation accepted = TftpNegotiation.accept(options("blksize=1468,tsize=0"), options("tsize=10"));

        assertThat(accepted.blockSize()).isEqualTo(512);
        assertThat(accepted.transferSize()).isEqualTo(OptionalLong.of(10));
    }

    @ParameterizedTest(name = "asked {0}, got {1}")
    @CsvSource(delimiter = '|', textBlock = """
            blksize=1024 | blksize=1468  | blksize 1468
            blksize=1024 | blksize=7     | blksize 7
            blksize=1024 | blksize=big   | blksize big
            tsize=0      | blksize=512   | not requested
            blksize=512  | BLKSIZE=512,tsize=1 | not requested
            timeout=2    | timeout=3     | timeout 3
            tsize=0      | tsize=-1      | tsize -1
            tsize=0      | tsize=99999999999999999999999 | tsize 9999
            """)
    void clientRefusesAnOackBeyondWhatItAsked(String requested, String acknowledged, String message) {
        assertThatThrownBy(() -> TftpNegotiation.accept(options(requested), options(acknowledged)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((ProtocolException) e).reason())
                .isEqualTo(ProtocolException.Reason.MALFORMED_TFTP);
    }

    @Test
    void answerRefusesAPolicyOutsideTheRfcRange() {
        assertThatThrownBy(() -> TftpNegotiation.answer(TftpOptions.empty(), 7, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TftpNegotiation.answer(TftpOptions.empty(), 65465, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
