package io.rebound.recovery.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import io.rebound.recovery.api.Call;

/**
 * Deadlines and outcomes of calls into supervised components. Callers (the connector calling the parser and the
 * router, the router calling handlers, loops watching their own turns) mark calls; {@link #scan} finds calls that
 * made no progress for longer than their callee's deadline — a hang — and blames the innermost stalled call of
 * each thread, since the outer ones are only waiting for it. The hung thread is interrupted: Java cannot kill it,
 * only interrupt it and abandon it.
 */
final class CallWatchdog {

    // Every thread that made a supervised call, while it lives: looked up, never changed, on the request path.
    private final Map<Thread, ThreadCalls> threads = new ConcurrentHashMap<>();
    private final Set<Thread> abandoned = ConcurrentHashMap.newKeySet();
    private final Map<String, ErrorRate> errorRates = new ConcurrentHashMap<>();
    private final Function<Object, String> componentOf;
    private final Consumer<Failure> report;
    private final int errorWindowSeconds;
    private final LatencyDrift latency;

    /**
     * @param componentOf maps a callee object to its supervised component's name, or {@code null}
     * @param report where failures go
     * @param latency where the time each component spends in its own calls goes
     */
    CallWatchdog(Function<Object, String> componentOf, Consumer<Failure> report, int errorWindowSeconds,
            LatencyDrift latency) {
        this.componentOf = componentOf;
        this.report = report;
        this.errorWindowSeconds = errorWindowSeconds;
        this.latency = latency;
    }

    Call enter(Object callee) {
        String component = componentOf.apply(callee);
        if (component == null) {
            return Call.NONE;
        }
        Thread thread = Thread.currentThread();
        ThreadCalls calls = threads.get(thread);
        if (calls == null) {
            calls = threads.computeIfAbsent(thread, ThreadCalls::new);
        }
        WatchedCall call = new WatchedCall(this, component, calls);
        calls.push(call);
        return call;
    }

    void failed(WatchedCall call, Throwable cause) {
        report.accept(Failure.now(call.component, "exception", "call failed: " + oneLine(cause)));
    }

    void closed(WatchedCall call, boolean failed) {
        // One clock read serves the progress mark, the latency and the error-rate bucket: at some 20 ns a read, it
        // is a good part of what supervising a call costs.
        long now = System.nanoTime();
        // A nested call that returns is progress for the calls around it.
        WatchedCall outer = call.calls.pop(call, now);
        if (latency.enabled()) {
            // A component's own time: a slow callee must not make its caller look aged.
            long took = now - call.startedNanos;
            latency.record(call.component, took - call.nestedNanos);
            if (outer != null) {
                outer.nestedNanos += took;
            }
        }
        ErrorRate rate = errorRates.get(call.component);
        if (rate == null) {
            rate = errorRates.computeIfAbsent(call.component, c -> new ErrorRate(errorWindowSeconds));
        }
        rate.record(now, failed);
    }

    /**
     * Looks for hung calls and error rates over the limit.
     *
     * @param deadlineNanos the hang deadline of a component
     */
    void scan(ToLongFunction<String> deadlineNanos, double maxErrorRate, int minCalls) {
        long now = System.nanoTime();
        // Threads that ended (a rebooted component's pool) are forgotten: they must not pin an old class loader.
        threads.keySet().removeIf(t -> !t.isAlive());
        for (ThreadCalls thread : threads.values()) {
            WatchedCall call = innermostStalled(thread.snapshot(), now, deadlineNanos);
            if (call == null) {
                continue;
            }
            call.reportedHung = true;
            long stalledMillis = (now - call.lastProgressNanos()) / 1_000_000;
            report.accept(Failure.since(call.component, "hang", "call on thread " + thread.thread.getName()
                    + " made no progress for " + stalledMillis + " ms", call.lastProgressNanos()));
            thread.thread.interrupt();
            abandoned.add(thread.thread);
        }
        // A hung thread that died (or went back to work) no longer counts as leaked, and must not be kept reachable:
        // it would pin its component's old class loader.
        abandoned.removeIf(t -> !t.isAlive() || !stillHung(t));
        errorRates.forEach((component, rate) -> {
            int[] totals = rate.totals(now);
            if (totals[0] >= minCalls && totals[1] >= maxErrorRate * totals[0]) {
                rate.clear();
                report.accept(Failure.now(component, "error-rate", totals[1] + " of " + totals[0]
                        + " calls failed in the last " + errorWindowSeconds + " s"));
            }
        });
    }

    private static WatchedCall innermostStalled(List<WatchedCall> open, long now, ToLongFunction<String> deadlineNanos) {
        for (int i = open.size() - 1; i >= 0; i--) {
            WatchedCall call = open.get(i);
            if (!call.reportedHung && now - call.lastProgressNanos() > deadlineNanos.applyAsLong(call.component)) {
                return call;
            }
        }
        return null;
    }

    /**
     * Forgets the error counts of a component that was just rebooted: its new instance starts clean. Hung calls stay
     * tracked until their thread returns, to count leaked threads.
     */
    void reset(String component) {
        ErrorRate rate = errorRates.get(component);
        if (rate != null) {
            rate.clear();
        }
    }

    /**
     * Waits until no call into {@code component} is under way, or the deadline passes. Threads hung in a call are
     * excepted, also where the hung call is nested in one into {@code component} (the router's call stuck in a hung
     * handler): they end only when their hang does, which a reboot of this component cannot bring about.
     *
     * @return whether it drained
     */
    boolean awaitIdle(String component, long deadline) throws InterruptedException {
        while (true) {
            if (!busyIn(component)) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(1);
        }
    }

    /** @return threads that hung, were interrupted and abandoned, and are still alive (leaked) */
    int leakedThreads() {
        abandoned.removeIf(t -> !t.isAlive() || !stillHung(t));
        return abandoned.size();
    }

    private boolean busyIn(String component) {
        for (ThreadCalls thread : threads.values()) {
            List<WatchedCall> open = thread.snapshot();
            if (!hung(open) && into(component, open) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return how long the most stalled call into {@code component} under way has made no progress (a call
     *         waiting on a stalled or hung callee included), in nanoseconds; 0 when none is under way
     */
    long longestStallIn(String component, long now) {
        long longest = 0;
        for (ThreadCalls thread : threads.values()) {
            WatchedCall call = into(component, thread.snapshot());
            if (call != null) {
                longest = Math.max(longest, now - call.lastProgressNanos());
            }
        }
        return longest;
    }

    private static boolean hung(List<WatchedCall> open) {
        for (WatchedCall call : open) {
            if (call.reportedHung) {
                return true;
            }
        }
        return false;
    }

    // The outermost call into the component: it has been under way longest, and a thread's progress counts for all
    // its calls, so its stall is how long the thread has been inside the component without progress.
    private static WatchedCall into(String component, List<WatchedCall> open) {
        for (WatchedCall call : open) {
            if (call.component.equals(component)) {
                return call;
            }
        }
        return null;
    }

    // A pool thread that recovered from its hang and went back to work is no longer leaked.
    private boolean stillHung(Thread thread) {
        ThreadCalls calls = threads.get(thread);
        return calls != null && calls.snapshot().stream().anyMatch(call -> call.reportedHung);
    }

    static String oneLine(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        String message = t.getMessage();
        String text = t.getClass().getName() + (message == null ? "" : ": " + message);
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
