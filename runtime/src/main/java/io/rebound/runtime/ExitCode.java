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
     * Reserved: recovery escalation gave up on the whole process, so an outer supervisor (systemd, Kubernetes)
     * should restart it. Nothing produces it yet; a later issue wires the recovery bundle's escalation to it.
     */
    static final int RESTART_PROCESS = 75;

    private ExitCode() {
    }
}
