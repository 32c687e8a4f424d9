package io.rebound.recovery.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;

import io.rebound.recovery.api.InvalidConfigurationException;

import org.junit.jupiter.api.Test;

/** What the supervisor reads from the failure text SCR records for a component that failed to activate. */
class ActivationFailureTest {

    /** As SCR records it: the stack trace, with its "Caused by:" lines. */
    private static String recorded(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    @Test
    void aFailingActivateMethodIsItsOwnCause() {
        String failure = recorded(new IllegalStateException("no document root"));
        assertEquals("java.lang.IllegalStateException: no document root", ActivationFailure.cause(failure));
        assertFalse(ActivationFailure.configuration(failure));
    }

    @Test
    void aFailingConstructorIsReadThroughToWhatItThrew() {
        // DS calls an activation constructor reflectively: the first line only says InvocationTargetException.
        String failure = recorded(new InvocationTargetException(
                new InvalidConfigurationException("io.rebound.files", "max.age.seconds must be an integer, got \"a\"")));
        assertEquals("io.rebound.recovery.api.InvalidConfigurationException: io.rebound.files: max.age.seconds must be "
                + "an integer, got \"a\"", ActivationFailure.cause(failure));
        assertTrue(ActivationFailure.configuration(failure));
    }

    @Test
    void onlyARefusedConfigurationCountsAsOne() {
        assertTrue(ActivationFailure.configuration(recorded(
                new InvalidConfigurationException("io.rebound.router", "hold.millis must be >= 0"))));
        assertFalse(ActivationFailure.configuration(recorded(new IllegalArgumentException("io.rebound.router: x"))));
        assertFalse(ActivationFailure.configuration(recorded(new RuntimeException("wrapped",
                new IllegalStateException("InvalidConfigurationException: mentioned, not thrown")))));
    }

    @Test
    void nothingRecordedIsUnknown() {
        assertEquals("unknown", ActivationFailure.cause(null));
        assertEquals("unknown", ActivationFailure.cause(" "));
        assertFalse(ActivationFailure.configuration(null));
    }
}
