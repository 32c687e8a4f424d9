package io.rebound.recovery.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The supervised calls open on one thread, outermost first, and the thread's latest progress. Bytes moved or a nested
 * call returning is progress for every call the thread is inside of, since each of them is only waiting for it.
 *
 * <p>Only the thread itself opens and closes its calls, so the request path takes no lock and touches no shared
 * collection. The watchdog reads from another thread: the count is volatile and written after the slot, so a reader
 * sees every call that was open before it looked (a call opened or closed meanwhile may be missed, which a scan for
 * calls stalled for seconds can afford).
 */
final class ThreadCalls {

    final Thread thread;
    volatile long last;
    private volatile WatchedCall[] open = new WatchedCall[4];
    private volatile int depth;

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
        depth = d + 1;
    }

    /**
     * Closes {@code call}; closing one that is not open (a second close) does nothing.
     *
     * @return the call it was nested in, or {@code null}
     */
    WatchedCall pop(WatchedCall call) {
        last = System.nanoTime();
        WatchedCall[] slots = open;
        int d = depth;
        // Innermost first, as calls nest; one closed out of order is still found and removed.
        for (int i = d - 1; i >= 0; i--) {
            if (slots[i] == call) {
                System.arraycopy(slots, i + 1, slots, i, d - 1 - i);
                slots[d - 1] = null;
                depth = d - 1;
                return i > 0 ? slots[i - 1] : null;
            }
        }
        return null;
    }

    /** @return the calls open now, outermost first */
    List<WatchedCall> snapshot() {
        int d = depth;
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
