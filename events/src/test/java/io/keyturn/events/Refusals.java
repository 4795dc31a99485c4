package io.keyturn.events;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyturn.events.EventContractException.Reason;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts the one error a broken field rule gives. */
public final class Refusals {

    private Refusals() {
    }

    /** {@code call} throws {@code invalid-field} with exactly {@code message}. */
    public static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(EventContractException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(Reason.INVALID_FIELD))
                .hasMessage(message);
    }
}
