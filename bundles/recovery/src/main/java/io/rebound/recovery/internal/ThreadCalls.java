package io.rebound.recovery.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The supervised calls open on one thread, outermost first, and the thread's latest progress. Bytes moved or a nested
 * call returning is progress for every call the thread is inside of, since each of them is only waiting for it.
 *
 * <p>Only the thread itself opens and closes its calls, so the request path takes no lock and touches no shared
 * collection. The watchdog reads from another thread. Writes are release-ordered (no full fence on the request path,
 * where a volatile write would cost one per call): the count is written after the slot, so a reader that sees a
 * count also sees the calls below it. A reader may see a call opened or closed a moment late, which a scan for calls
 * stalled for seconds can afford.
 */
final class ThreadCalls {

    private static final VarHandle DEPTH;
    private static final VarHandle LAST;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DEPTH = lookup.findVarHandle(ThreadCalls.class, "depth", int.class);
            LAST = lookup.findVarHandle(ThreadCalls.class, "last", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread;
    private volatile WatchedCall[] open = new WatchedCall[4];
    // Written through DEPTH and LAST (release), read by other threads through them (acquire); the owning thread,
    // their only writer, reads them plainly.
    private int depth;
    private long last;

    ThreadCalls(Thread thread) {
        this.thread = thread;
    }

    void push(WatchedCall call) {
        WatchedCall[] slots = open;
        int d = depth;
        if (d == slots.length) {
            slots = Arrays.copyOf(slots, d * 2);
            open = slots;
        }
        slots[d] = call;
        DEPTH.setRelease(this, d + 1);
    }

    /**
     * Closes {@code call} at {@code now}; closing one that is not open (a second close) does nothing.
     *
     * @return the call it was nested in, or {@code null}
     */
    WatchedCall pop(WatchedCall call, long now) {
        progress(now);
        WatchedCall[] slots = open;
        int d = depth;
        // Innermost first, as calls nest; one closed out of order is still found and removed.
        for (int i = d - 1; i >= 0; i--) {
            if (slots[i] == call) {
                System.arraycopy(slots, i + 1, slots, i, d - 1 - i);
                slots[d - 1] = null;
                DEPTH.setRelease(this, d - 1);
                return i > 0 ? slots[i - 1] : null;
            }
        }
        return null;
    }

    /** Marks progress of every open call at {@code now} ({@link System#nanoTime()}). */
    void progress(long now) {
        LAST.setRelease(this, now);
    }

    /** @return the thread's latest progress ({@link System#nanoTime()}), or 0 before any */
    long lastProgress() {
        return (long) LAST.getAcquire(this);
    }

    /** @return the calls open now, outermost first */
    List<WatchedCall> snapshot() {
        int d = (int) DEPTH.getAcquire(this);
        WatchedCall[] slots = open;
        List<WatchedCall> calls = new ArrayList<>(d);
        for (int i = 0; i < Math.min(d, slots.length); i++) {
            WatchedCall call = slots[i];
            if (call != null) {
                calls.add(call);
            }
        }
        return calls;
    }
}
