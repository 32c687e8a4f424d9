package io.rebound.recovery.api;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The fault-injection state of one component instance, ready to register as its {@link FaultTarget}. The
 * component calls {@link #onCall()} at the start of each call it serves, {@link #onTurn()} at each turn of a
 * thread of its own (if it has any), and {@link #close()} when it deactivates — so a reboot, which makes a new
 * instance, is what cures an injected fault, exactly as it cures a real one.
 *
 * <ul>
 * <li>{@link FaultKind#CRASH}: for a component with threads, the next {@code onTurn()} throws an
 * {@link InjectedCrash} ({@link Error}) that must be left to kill the thread; for one without, every call from then
 * on throws an {@link InjectedFault} (the component is broken until rebooted).</li>
 * <li>{@link FaultKind#HANG}: for a component with threads the next {@code onTurn()}, otherwise the next call,
 * blocks until the thread is interrupted or the switch closes.</li>
 * <li>{@link FaultKind#EXCEPTION}: the next call throws an {@link InjectedFault}.</li>
 * <li>{@link FaultKind#LEAK}: a thread starts holding more memory and starting more idle threads, within caps
 * that keep the process itself safe.</li>
 * <li>{@link FaultKind#SLOW}: every call takes {@code slowMillis} longer.</li>
 * </ul>
 */
public final class FaultSwitch implements FaultTarget, AutoCloseable {

    /** Thrown by an injected crash of a component's thread; not to be caught. */
    public static final class InjectedCrash extends Error {
        private static final long serialVersionUID = 1L;

        InjectedCrash(String message) {
            super(message);
        }
    }

    /** Thrown by a call that an injected fault makes fail. */
    public static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    private static final int LEAK_MAX_MEGABYTES = 256;
    private static final int LEAK_MAX_THREADS = 64;

    private final String component;
    private final boolean threaded;
    private final long slowMillis;
    // Armed one-shot faults: those that strike the component's own thread, and those that strike a call.
    private final AtomicReference<FaultKind> nextTurn = new AtomicReference<>();
    private final AtomicReference<FaultKind> nextCall = new AtomicReference<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<Thread> leakThreads = new ArrayList<>();
    private final List<byte[]> leakedMemory = new ArrayList<>();
    private volatile boolean broken;
    private volatile boolean slow;
    private ServiceRegistration<FaultTarget> registration;

    /**
     * @param component the component's name, for messages and thread names
     * @param threaded whether the component runs threads of its own (decides what {@link FaultKind#CRASH} does)
     * @param slowMillis how much longer each call takes under {@link FaultKind#SLOW}
     */
    public FaultSwitch(String component, boolean threaded, long slowMillis) {
        this.component = component;
        this.threaded = threaded;
        this.slowMillis = slowMillis;
    }

    /** Framework property that turns fault injection on ({@code --faults}). */
    public static final String ENABLED_PROPERTY = "rebound.faults";

    /**
     * Registers this switch as the component's {@link FaultTarget} when the server runs with fault injection on
     * (framework property {@value #ENABLED_PROPERTY} is {@code true}); {@link #close()} withdraws it. Call it last
     * in the component's activation, so a failed activation leaves no service behind.
     *
     * @return whether fault injection is on
     */
    public synchronized boolean offer(BundleContext context) {
        if (registration == null && Boolean.parseBoolean(context.getProperty(ENABLED_PROPERTY))) {
            registration = context.registerService(FaultTarget.class, this, null);
        }
        return registration != null;
    }

    @Override
    public Set<FaultKind> kinds() {
        return EnumSet.allOf(FaultKind.class);
    }

    @Override
    public void inject(FaultKind kind) {
        switch (kind) {
            case CRASH:
                if (threaded) {
                    nextTurn.set(kind);
                } else {
                    broken = true;
                }
                break;
            case HANG:
                (threaded ? nextTurn : nextCall).set(kind);
                break;
            case SLOW:
                slow = true;
                break;
            case LEAK:
                startLeaking();
                break;
            default:
                nextCall.set(kind);
        }
    }

    /**
     * Applies an armed crash or hang to the current turn of the component's own thread.
     *
     * @throws InjectedCrash for a crash
     * @throws InjectedFault for a hang that was released
     */
    public void onTurn() {
        strike(nextTurn);
    }

    /**
     * Applies the armed fault to the current call: a broken component, slowness, an exception, or (for a component
     * without threads) a hang.
     *
     * @throws InjectedFault for an exception, a broken component, or a hang that was released
     */
    public void onCall() {
        if (broken) {
            throw new InjectedFault(component + " is broken (injected crash)");
        }
        if (slow) {
            pause(slowMillis);
        }
        strike(nextCall);
    }

    private void strike(AtomicReference<FaultKind> armed) {
        FaultKind kind = armed.get();
        if (kind == null || !armed.compareAndSet(kind, null)) {
            return;
        }
        switch (kind) {
            case CRASH:
                throw new InjectedCrash("injected crash of a " + component + " thread");
            case EXCEPTION:
                throw new InjectedFault("injected exception in " + component);
            case HANG:
                hang();
                throw new InjectedFault("hung " + component + " released");
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** @return whether some fault is armed or active (for diagnostics) */
    public boolean armed() {
        return broken || slow || nextTurn.get() != null || nextCall.get() != null || isLeaking();
    }

    /** Withdraws the {@link FaultTarget}, releases hung calls, stops the leak and drops what it held. */
    @Override
    public void close() {
        synchronized (this) {
            if (registration != null) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // The framework unregisters a stopping bundle's services itself.
                }
                registration = null;
            }
        }
        closed.countDown();
        List<Thread> threads;
        synchronized (leakThreads) {
            threads = new ArrayList<>(leakThreads);
            leakThreads.clear();
        }
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (leakedMemory) {
            leakedMemory.clear();
        }
    }

    private void hang() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean isLeaking() {
        synchronized (leakThreads) {
            return !leakThreads.isEmpty();
        }
    }

    private void startLeaking() {
        synchronized (leakThreads) {
            if (!leakThreads.isEmpty() || closed.getCount() == 0) {
                return;
            }
            Thread leaker = new Thread(this::leak, "rebound-" + component + "-leak");
            leaker.setDaemon(true);
            leakThreads.add(leaker);
            leaker.start();
        }
    }

    // Every 100 ms hold one more MiB; every 200 ms park one more idle thread. Caps keep a test JVM alive.
    private void leak() {
        int ticks = 0;
        while (closed.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
            synchronized (leakedMemory) {
                if (leakedMemory.size() < LEAK_MAX_MEGABYTES) {
                    leakedMemory.add(new byte[1024 * 1024]);
                }
            }
            if (++ticks % 2 == 0) {
                synchronized (leakThreads) {
                    if (leakThreads.size() < LEAK_MAX_THREADS && closed.getCount() > 0) {
                        Thread idle = new Thread(this::hang, "rebound-" + component + "-leak-" + leakThreads.size());
                        idle.setDaemon(true);
                        leakThreads.add(idle);
                        idle.start();
                    }
                }
            }
            if (!pause(100)) {
                return;
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return megabytes the leak holds now */
    public int leakedMegabytes() {
        synchronized (leakedMemory) {
            return leakedMemory.size();
        }
    }
}
