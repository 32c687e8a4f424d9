package io.rebound.runtime;

/** The process exit codes of {@code rebound.jar} (CONTRACT section 1). */
final class ExitCode {

    /** Stopped normally: by SIGTERM/SIGINT, or the framework stopped itself (Gogo {@code stop 0}). */
    static final int OK = 0;
    /** The server could not start: a component never became ready, or the framework failed. */
    static final int FAILED = 1;
    /** Bad option, unusable port or directory: fix the command line. */
    static final int USAGE = 2;
    /**
     * Recovery escalation gave up on the whole process, so an outer supervisor (systemd, Kubernetes) should restart
     * it. The recovery bundle sets system property {@value #ESCALATION_PROPERTY} and stops the framework.
     */
    static final int RESTART_PROCESS = 75;

    /** Set by the recovery bundle before it stops the framework to escalate. */
    static final String ESCALATION_PROPERTY = "rebound.exit.code";

    private ExitCode() {
    }
}
