package io.rebound.recovery.api;

import org.osgi.annotation.versioning.ProviderType;

/** One call into a supervised component, from {@link Supervision#enter}. Used by one thread. */
@ProviderType
public interface Call extends AutoCloseable {

    /** A call nobody watches: what to use while no {@link Supervision} service is present. */
    Call NONE = new Call() {
        @Override
        public void progress() {
        }

        @Override
        public void failed(Throwable cause) {
        }

        @Override
        public void errorResult() {
        }

        @Override
        public void close() {
        }
    };

    /** Says the call is moving (bytes flowed), so a long but live call is not taken for a hang. */
    void progress();

    /**
     * Says the call ended with an unexpected exception or error escaping the callee. Crash-only reasoning: the
     * callee's state is now suspect, so this is a failure of the callee and its restart policy applies. Expected
     * outcomes (a 4xx for bad input) are not failures.
     */
    void failed(Throwable cause);

    /**
     * Says the call returned normally but with an error result (a 5xx answer). Counted towards the callee's error
     * rate: a callee whose calls keep failing is treated as failed.
     */
    void errorResult();

    /** Ends the call. */
    @Override
    void close();
}
