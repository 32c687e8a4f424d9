package io.rebound.connector.internal;

import java.util.concurrent.TimeUnit;

/**
 * The current instance of a service the connector calls, and a place to wait for one. While a backend's bundle
 * reboots its service is absent for a few milliseconds; a request that arrives then is held here (bounded) and
 * proceeds on the new instance instead of being refused.
 *
 * @param <T> the service type
 */
final class ServiceGate<T> {

    private volatile T current;
    private boolean closed;

    /** A new instance is registered (DS binds the new one before unbinding the old with a greedy reference). */
    synchronized void bind(T service) {
        current = service;
        notifyAll();
    }

    /** An instance is going away; forgotten only if it is still the current one. */
    synchronized void unbind(T service) {
        if (current == service) {
            current = null;
        }
    }

    /**
     * The connector instance owning this gate stops: nobody waits here any longer. A request waiting for a rebooting
     * backend would otherwise hold up the connector's stop, while the supervisor, busy with that stop, cannot bring
     * the backend back; the request goes to the next connector instance instead.
     */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** @return whether the owning connector instance stops (see {@link #close()}) */
    synchronized boolean closed() {
        return closed;
    }

    /** @return the current instance, or {@code null} */
    T get() {
        return current;
    }

    /**
     * Waits until an instance other than {@code failed} is present.
     *
     * @param failed an instance known to be broken (to wait for its replacement), or {@code null}
     * @param deadline a {@link System#nanoTime()} deadline
     * @return the instance, or {@code null} when none came in time or the gate {@linkplain #close() closed}
     */
    T await(T failed, long deadline) throws InterruptedException {
        T service = current;
        if (service != null && service != failed) {
            return service;
        }
        WorkerThread.aboutToWait();
        synchronized (this) {
            while (true) {
                service = current;
                if (service != null && service != failed) {
                    return service;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
