package io.rebound.recovery.internal;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sees threads die. Installed as the JVM's default uncaught-exception handler (the previous one still runs after
 * it), it maps the dead thread to a supervised component — by the factory that made it when the component
 * cooperates, otherwise by the stack frames of the throwable — and reports a crash. It restores the previous
 * handler when closed, so that no reference to this bundle's classes outlives it.
 */
final class CrashDetector implements Thread.UncaughtExceptionHandler, AutoCloseable {

    private final Function<Thread, String> ownerOfThread;
    private final Function<StackTraceElement[], String> ownerOfFrames;
    private final Consumer<Failure> report;
    private final Thread.UncaughtExceptionHandler previous;

    CrashDetector(Function<Thread, String> ownerOfThread, Function<StackTraceElement[], String> ownerOfFrames,
            Consumer<Failure> report) {
        this.ownerOfThread = ownerOfThread;
        this.ownerOfFrames = ownerOfFrames;
        this.report = report;
        this.previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler(this);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        try {
            String component = ownerOfThread.apply(thread);
            if (component == null) {
                component = ownerOfFrames.apply(error.getStackTrace());
            }
            if (component != null) {
                report.accept(Failure.now(component, "crash", "thread " + thread.getName() + " died: "
                        + CallWatchdog.oneLine(error)));
            }
        } finally {
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else if (!(error instanceof ThreadDeath)) {
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace(System.err);
            }
        }
    }

    @Override
    public void close() {
        if (Thread.getDefaultUncaughtExceptionHandler() == this) {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
