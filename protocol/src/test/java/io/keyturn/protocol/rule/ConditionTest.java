package io.keyturn.protocol.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.protocol.ProtocolException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

    /** SWVER 2.0.6(b), CCERT Installed, PRVST 2, REGTMR1 0, REGTMR2 310, PRVTMR 1300, GPP_A ABCDEF. */
    private final DeviceContext device = Devices.spa962();

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            # spa-protocol.md §1, §5.1 and DESIGN.md §1
            $REGTMR1 eq 0                                    ==> true
            "$CCERT" eq "Installed"                          ==> true
            "$CCERT" eq "Installed" and $PRVST eq 2          ==> true
            "$CCERT" eq "Installed" and $PRVST eq 1          ==> false
            "$A" ne "Provisioned"                            ==> true
            $SWVER ge 2.0.6                                  ==> true
            $REGTMR1 gt 300 and $PRVTMR gt 1200              ==> false
            $REGTMR2 gt 300 and $PRVTMR gt 1200              ==> true
            $REGTMR2 gt 300 AND $PRVTMR gt 1400              ==> false
            # versions: numeric parts, then the suffix; no suffix sorts first
            $SWVER = 2.0.6(b)                                ==> true
            $SWVER eq 2.0.6                                  ==> false
            $SWVER gt 2.0.6                                  ==> true
            $SWVER lt 2.0.6(c)                               ==> true
            $SWVER lt 2.0.10                                 ==> true
            $SWVER gt 1.0.31(b)                              ==> true
            $SWVER > 2.0.3(0412s)                            ==> true
            $SWVER <= 2.0.6(b)                               ==> true
            $HWVER ge 1.88.1                                 ==> true
            # the legacy forms: a lone ! is "not equal", a missing left side is $SWVER
            ! 1.0.33                                         ==> true
            !1.0.33                                          ==> true
            ! 2.0.6(b)                                       ==> false
            != 2.0.6(b)                                      ==> false
            ge 2.0.6                                         ==> true
            $SWVER ! 2.0.6(b)                                ==> false
            # integers compare numerically, minus signs included
            $PRVST eq 02                                     ==> true
            $PRVST eq -1                                     ==> false
            $PRVST gt -1                                     ==> true
            -1 lt 0                                          ==> true
            -0 eq 0                                          ==> true
            $PRVTMR le 1300                                  ==> true
            $PRVTMR < 999                                    ==> false
            # symbols need no spaces
            $PRVST=2                                         ==> true
            $SWVER>=2.0.6                                    ==> true
            "$PN"="SPA962"                                   ==> true
            $PRVST!=2                                        ==> false
            # quoted operands are strings: no numeric equality
            "$PRVST" eq "2"                                  ==> true
            "$PRVST" eq "02"                                 ==> false
            "$PRVST" eq 2                                    ==> true
            # a bare macro that holds text compares as text and never orders
            $A eq 5                                          ==> false
            $A ne 5                                          ==> true
            $A lt 5                                          ==> false
            $A ge 5                                          ==> false
            # an integer against a version: not the same text, not ordered
            $PRVST eq 2.0.0                                  ==> false
            $PRVST ne 2.0.0                                  ==> true
            $PRVST lt 2.0.0                                  ==> false
            # unset macros are empty
            "$EXTIP" eq ""                                   ==> true
            $ISCUST eq 0                                     ==> false
            $ISCUST lt 1                                     ==> false
            $PSN eq 962                                      ==> true
            """)
    void holdsAsTheDeviceDecides(String condition, boolean expected) {
        assertThat(Condition.parse(condition).test(device)).isEqualTo(expected);
    }

    @Test
    void followsTheRegistrationTimerOfTheGuideExample() {
        Condition hasRegistration = Condition.parse("$REGTMR1 eq 0");

        assertThat(hasRegistration.test(device)).isTrue();
        assertThat(hasRegistration.test(device.toBuilder().set("REGTMR1", "45").build())).isFalse();
    }

    @Test
    void keepsTheWrittenFormOfEveryPart() {
        Condition c = Condition.parse("! 1.0.33 and $SWVER >= 2.0.6(b) AND \"$CCERT\" eq \"Installed\"");

        assertThat(c.comparisons()).hasSize(3);
        Comparison legacy = c.comparisons().get(0);
        assertThat(legacy.left()).isInstanceOf(Operand.ImpliedSoftwareVersion.class);
        assertThat(legacy.operator()).isEqualTo(ComparisonOperator.NOT_EQUAL);
        assertThat(legacy.spelling()).isEqualTo("!");
        assertThat(c.comparisons().get(1).operator()).isEqualTo(ComparisonOperator.GREATER_OR_EQUAL);
        assertThat(c.comparisons().get(1).right()).isEqualTo(Operand.Bare.of("2.0.6(b)"));
        assertThat(c.comparisons().get(2).left()).isEqualTo(Operand.Quoted.of("$CCERT"));
        assertThat(c.format()).isEqualTo("! 1.0.33 and $SWVER >= 2.0.6(b) and \"$CCERT\" eq \"Installed\"");
        assertThat(Condition.parse(c.format())).isEqualTo(c);
    }

    @Test
    void buildsFromCode() {
        Condition c = Condition.of(Comparison.of(Operand.Bare.of("$PRVST"), ComparisonOperator.EQUAL, Operand.Bare.of("2")));

        assertThat(c.format()).isEqualTo("$PRVST eq 2");
        assertThat(c.test(device)).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1} at {2}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
            ``                           ==> MALFORMED_CONDITION ==> 1  ==> empty condition
            `   `                        ==> MALFORMED_CONDITION ==> 1  ==> empty condition
            "$A" lt "x"                  ==> MALFORMED_CONDITION ==> 6  ==> orders integers and versions only
            $SWVER ge "2.0.6"            ==> MALFORMED_CONDITION ==> 8  ==> orders integers and versions only
            1 lt 2.0.6                   ==> MALFORMED_CONDITION ==> 3  ==> cannot order the integer and the version
            $CCERT eq "Installed"        ==> MALFORMED_CONDITION ==> 1  ==> must be quoted: "$CCERT"
            $MA eq "000e08012345"        ==> MALFORMED_CONDITION ==> 1  ==> must be quoted: "$MA"
            Installed eq "x"             ==> MALFORMED_CONDITION ==> 1  ==> neither an integer nor a version
            $A eq 1.5                    ==> MALFORMED_CONDITION ==> 7  ==> neither an integer nor a version
            $SA eq 1                     ==> MALFORMED_CONDITION ==> 1  ==> expands only inside a --key value
            $A == 1                      ==> MALFORMED_CONDITION ==> 4  ==> '==' is not an operator
            $A eq                        ==> MALFORMED_CONDITION ==> 6  ==> expected an operand after 'eq'
            $A 1                         ==> MALFORMED_CONDITION ==> 4  ==> expected an operator
            $A EQ 1                      ==> MALFORMED_CONDITION ==> 4  ==> operator words are lowercase
            $A                           ==> MALFORMED_CONDITION ==> 3  ==> expected an operator after '$A'
            $A eq 1 or $B eq 2           ==> MALFORMED_CONDITION ==> 9  ==> conditions have no 'or'
            $A eq 1 $B eq 2              ==> MALFORMED_CONDITION ==> 9  ==> expected 'and' or the end
            $A eq 1 and                  ==> MALFORMED_CONDITION ==> 12 ==> expected a comparison after 'and'
            $A eq and                    ==> MALFORMED_CONDITION ==> 7  ==> expected an operand after 'eq'
            $A eq eq 1                   ==> MALFORMED_CONDITION ==> 7  ==> expected an operand after 'eq'
            "$A eq 1                     ==> UNBALANCED_RULE     ==> 1  ==> never closed
            ($A eq 1)?                   ==> MALFORMED_CONDITION ==> 1  ==> no ( )? wrapper
            $A eq é                      ==> NON_ASCII           ==> 7  ==> U+00E9 is not ASCII
            """)
    void refusesAMalformedConditionWithItsColumn(String condition, Reason reason, int column, String message) {
        assertThatThrownBy(() -> Condition.parse(condition))
                .isInstanceOfSatisfying(RuleSyntaxException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith("column " + column + ": ").contains(message);
                });
    }

    @Test
    void refusesComparisonsThatCanNeverHoldWhenBuiltFromCode() {
        assertThatThrownBy(() -> Comparison.of(Operand.Quoted.of("x"), ComparisonOperator.LESS, Operand.Bare.of("1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Comparison(Operand.Bare.of("1"), ComparisonOperator.EQUAL, "ne", Operand.Bare.of("1")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Operand.Bare.of("$CCERT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Condition(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
