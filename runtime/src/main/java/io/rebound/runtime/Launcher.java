package io.rebound.runtime;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;

/**
 * One server run: prepares the directories, starts the framework with the embedded bundles (the listener first, so
 * that an unusable port fails the start at once), waits until the server is ready, prints the ready line, and
 * waits for the framework to stop.
 */
final class Launcher {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    static final String LISTENER = "io.rebound.listener";
    /**
     * Started only once the ready line is out: with {@code --shell} its console prompt then follows the ready line
     * instead of running into it.
     */
    static final String GOGO_SHELL = "org.apache.felix.gogo.shell";

    private static final System.Logger LOG = System.getLogger("io.rebound.runtime");
    private static final long POLL_MILLIS = 50;

    private final Options options;
    private final PrintStream stdout;
    private final PrintStream stderr;

    Launcher(Options options, PrintStream stdout, PrintStream stderr) {
        this.options = options;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** @return the process exit code */
    int run() {
        Framework framework = null;
        ShutdownSignals signals = null;
        DataDirectoryLock lock = null;
        try {
            checkAddress(options.bind(), options.origin(Option.BIND));
            checkAddress(options.adminBind(), options.origin(Option.ADMIN_BIND));
            AdminChannelSecurity.check(options);
            ServerDirectories directories = ServerDirectories.prepare(options);
            lock = DataDirectoryLock.acquire(directories.data(), options.origin(Option.DATA));
            logToFile(directories);

            framework = new Felix(FrameworkProperties.of(options, directories));
            init(framework, directories);
            signals = ShutdownSignals.install(framework, STOP_TIMEOUT);
            List<Bundle> bundles = EmbeddedBundles.install(framework.getBundleContext(),
                    Launcher.class.getClassLoader());
            framework.start();
            startListener(bundles);
            startOthers(bundles, signals);

            String readyLine = awaitReady(framework, signals, options.adminKeystore() == null ? "http" : "https");
            if (readyLine != null) {
                stdout.println(readyLine);
                stdout.flush();
                startShell(bundles);
            }
            return awaitStop(framework, signals, new RecoveryWatchdog(framework.getBundleContext()));
        } catch (StartupException e) {
            if (signals != null && signals.requested()) {
                // The start failed because a signal is stopping the framework under it: that is a normal stop.
                return awaitStop(framework, signals, null);
            }
            stderr.println("rebound: " + LineFormatter.oneLine(e.getMessage()));
            stderr.flush();
            stopQuietly(framework);
            return e.exitCode();
        } catch (BundleException | RuntimeException e) {
            if (signals != null && signals.requested()) {
                return awaitStop(framework, signals, null);
            }
            LOG.log(System.Logger.Level.ERROR, "start failed", e);
            stderr.println("rebound: start failed: " + LineFormatter.oneLine(String.valueOf(e.getMessage())));
            stderr.flush();
            stopQuietly(framework);
            return ExitCode.FAILED;
        } finally {
            release(lock);
        }
    }

    private static void release(DataDirectoryLock lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "releasing the data directory lock failed: " + e.getMessage());
        }
    }

    private static void logToFile(ServerDirectories directories) throws StartupException {
        try {
            ConsoleLogging.addFile(directories.logs());
        } catch (IOException e) {
            throw new StartupException(ExitCode.USAGE, "cannot write the log file under " + directories.logs() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void checkAddress(String address, String origin) throws StartupException {
        try {
            InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new StartupException(ExitCode.USAGE, origin + ": unknown address '" + address + "'");
        }
    }

    private static void init(Framework framework, ServerDirectories directories) throws StartupException {
        try {
            framework.init();
        } catch (BundleException e) {
            // Almost always the bundle cache under the data directory (unwritable, or full disk).
            throw new StartupException(ExitCode.USAGE, "cannot start the OSGi framework in "
                    + directories.frameworkStorage() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The listener binds both ports in its activator and, when it cannot, throws a BundleException whose one-line
     * message names the address and port, caused by the IOException (or the IllegalArgumentException for a bad
     * property). Felix passes it through as is; anything else (a bug) Felix wraps in its own "Activator start error".
     */
    private static void startListener(List<Bundle> bundles) throws StartupException {
        Bundle listener = bundles.stream().filter(b -> LISTENER.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new StartupException(ExitCode.FAILED, "rebound.jar holds no " + LISTENER));
        try {
            listener.start();
        } catch (BundleException e) {
            Throwable cause = e.getCause();
            if (e.getType() == BundleException.ACTIVATOR_ERROR
                    && (cause instanceof IOException || cause instanceof IllegalArgumentException)) {
                throw new StartupException(ExitCode.USAGE, e.getMessage(), e);
            }
            throw new StartupException(ExitCode.FAILED, LISTENER + " failed to start: "
                    + (cause != null ? cause : e.getMessage()), e);
        }
    }

    /** Starts the rest; a bundle that fails is logged and shows up in the not-ready report. */
    private static void startOthers(List<Bundle> bundles, ShutdownSignals signals) {
        for (Bundle bundle : bundles) {
            if (signals.requested()) {
                return;
            }
            String name = bundle.getSymbolicName();
            if (!LISTENER.equals(name) && !GOGO_SHELL.equals(name) && !EmbeddedBundles.isFragment(bundle)) {
                start(bundle);
            }
        }
    }

    private static void startShell(List<Bundle> bundles) {
        bundles.stream().filter(b -> GOGO_SHELL.equals(b.getSymbolicName())).forEach(Launcher::start);
    }

    private static void start(Bundle bundle) {
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "bundle " + bundle.getSymbolicName() + " failed to start: "
                    + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        }
    }

    /** @return the ready line, or {@code null} when the framework is stopping instead */
    private static String awaitReady(Framework framework, ShutdownSignals signals, String adminScheme)
            throws StartupException {
        Readiness readiness = new Readiness(framework.getBundleContext());
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            if (signals.requested() || framework.getState() != Bundle.ACTIVE) {
                return null;
            }
            List<Readiness.Requirement> missing = readiness.missing();
            String http = readiness.url("http");
            String admin = readiness.url("admin", adminScheme);
            if (missing.isEmpty() && http != null && admin != null) {
                return "rebound ready " + http + " admin " + admin;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new StartupException(ExitCode.FAILED,
                        notReady(missing, http == null, admin == null, readiness.inactiveBundles(GOGO_SHELL)));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException(ExitCode.FAILED, "interrupted while waiting for the server to be ready");
            }
        }
    }

    static String notReady(List<Readiness.Requirement> missing, boolean noHttp, boolean noAdmin,
            List<String> inactive) {
        StringBuilder b = new StringBuilder("not ready after ").append(READY_TIMEOUT.toSeconds())
                .append(" s: never registered: ");
        StringBuilder what = new StringBuilder();
        for (Readiness.Requirement requirement : missing) {
            what.append(what.length() == 0 ? "" : ", ").append(requirement);
        }
        if (noHttp) {
            what.append(what.length() == 0 ? "" : ", ").append("the http listening socket");
        }
        if (noAdmin) {
            what.append(what.length() == 0 ? "" : ", ").append("the admin listening socket");
        }
        b.append(what);
        if (inactive.isEmpty()) {
            b.append("; every bundle is ACTIVE (see the component errors logged above)");
        } else {
            b.append("; bundles not ACTIVE: ").append(String.join(", ", inactive));
        }
        return b.toString();
    }

    /**
     * Waits for the framework to stop: by a signal, by itself (Gogo {@code stop 0}), or because recovery escalated to
     * a process restart (exit code 75). After a signal the wait is bounded, so that one component hanging in its
     * deactivation cannot keep the process alive. Meanwhile it watches the watcher: the recovery bundle.
     */
    private static int awaitStop(Framework framework, ShutdownSignals signals, RecoveryWatchdog watchdog) {
        try {
            while (true) {
                FrameworkEvent event = framework.waitForStop(200);
                if (event.getType() == FrameworkEvent.ERROR) {
                    LOG.log(System.Logger.Level.ERROR, "the framework stopped with an error", event.getThrowable());
                    return ExitCode.FAILED;
                }
                if (event.getType() != FrameworkEvent.WAIT_TIMEDOUT) {
                    if ("75".equals(System.getProperty(ExitCode.ESCALATION_PROPERTY))) {
                        LOG.log(System.Logger.Level.ERROR, "stopped: recovery escalated to a process restart");
                        return ExitCode.RESTART_PROCESS;
                    }
                    LOG.log(System.Logger.Level.INFO, "stopped");
                    return ExitCode.OK;
                }
                if (watchdog != null && !signals.requested()) {
                    watchdog.check();
                }
                if (signals.stopOverdue()) {
                    LOG.log(System.Logger.Level.WARNING, "the framework did not stop within "
                            + STOP_TIMEOUT.toSeconds() + " s; exiting anyway");
                    return ExitCode.OK;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.FAILED;
        }
    }

    private static void stopQuietly(Framework framework) {
        if (framework == null) {
            return;
        }
        try {
            framework.stop();
            if (!ShutdownSignals.awaitStopped(framework, STOP_TIMEOUT)) {
                LOG.log(System.Logger.Level.WARNING, "the framework did not stop within "
                        + STOP_TIMEOUT.toSeconds() + " s");
            }
        } catch (BundleException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stopping the framework failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
