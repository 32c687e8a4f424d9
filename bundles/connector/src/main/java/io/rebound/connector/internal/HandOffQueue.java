package io.rebound.connector.internal;

import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link WorkerPool}'s queue of connections ready for a worker. Unlike a {@link
 * java.util.concurrent.LinkedBlockingQueue}, adding a connection does not wake an idle worker when enough workers
 * are already running: one of them takes it as soon as it is done, without a context switch, which is most of the
 * cost of a small request. When a worker is woken it is the one that went idle last, whose caches are still warm.
 *
 * <p>{@link #offer} refuses a task (so the executor starts a thread for it) when no worker is idle, fewer workers
 * than the target are running and the pool may grow. An {@link Urgent} task (a selector loop that needs a thread)
 * goes before every connection and gets an idle worker, or a new thread, whether or not the target is reached.
 */
final class HandOffQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    /** What the pool needs to decide between queueing, waking and starting a worker. */
    interface Workers {
        /** @return whether as many workers as the pool means to run at once are running code (or about to) */
        boolean runningTargetReached();

        /** @return whether the pool may start another worker */
        boolean mayGrow();
    }

    /** A task that must not wait behind queued connections, nor for a running worker to finish. */
    interface Urgent extends Runnable {
    }

    /** Offered to have the executor start a worker ({@link #offer} refuses it); runs as a no-op. */
    static final Runnable START_WORKER = new NoOp();

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Runnable> urgent = new ConcurrentLinkedQueue<>();
    // Idle workers, the one that went idle last first.
    private final ConcurrentLinkedDeque<Thread> idle = new ConcurrentLinkedDeque<>();
    private Workers workers;
    // Workers woken and not yet back from their park: they will run, but do not show as running yet, and a batch of
    // ready connections must not wake one worker per connection before the first of them is up.
    private final AtomicInteger waking = new AtomicInteger();
    // Tasks taken so far. Incremented without atomicity: racing workers may lose a count, but the value still moves,
    // which is all WorkerPool#rescue asks of it.
    private volatile long takes;

    void serve(Workers pool) {
        this.workers = pool;
    }

    long takes() {
        return takes;
    }

    /** @return how many workers were woken and are not running yet */
    int waking() {
        return waking.get();
    }

    /** Wakes the worker that went idle last, if any. @return whether one was woken */
    boolean wakeOne() {
        Thread worker = idle.pollFirst();
        if (worker == null) {
            return false;
        }
        waking.incrementAndGet();
        LockSupport.unpark(worker);
        return true;
    }

    @Override
    public boolean offer(Runnable task) {
        Objects.requireNonNull(task);
        if (task == START_WORKER) {
            return false;
        }
        if (task instanceof Urgent) {
            urgent.offer(task);
            // Nobody idle to wake: refused, so that the executor starts a thread for it (unless a worker took it).
            return wakeOne() || !workers.mayGrow() || !urgent.remove(task);
        }
        if (idle.isEmpty() && workers.mayGrow() && !workers.runningTargetReached()) {
            return false;
        }
        tasks.offer(task);
        // Checked after adding: a worker going idle announces itself before looking at the queue a last time, so
        // either it sees this task or this check sees it idle (then it does not count as busy).
        if (!workers.runningTargetReached()) {
            wakeOne();
        }
        return true;
    }

    /** Queues {@code task} whatever the state of the pool (it is at its limit); wakes an idle worker if any. */
    void force(Runnable task) {
        (task instanceof Urgent ? urgent : tasks).offer(task);
        wakeOne();
    }

    @Override
    public Runnable poll() {
        Runnable task = urgent.poll();
        return taken(task != null ? task : tasks.poll());
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        Runnable task = poll();
        if (task != null) {
            return task;
        }
        Thread self = Thread.currentThread();
        WorkerThread worker = self instanceof WorkerThread ? (WorkerThread) self : null;
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (worker != null) {
            worker.idle(true);
        }
        try {
            while (true) {
                idle.addFirst(self);
                task = poll();
                long left = deadline - System.nanoTime();
                if (task != null || left <= 0) {
                    if (!idle.removeFirstOccurrence(self)) {
                        waking.decrementAndGet(); // woken meanwhile, and about to run anyway
                    }
                    return task;
                }
                LockSupport.parkNanos(this, left);
                // Still listed unless woken by wakeOne: a timeout, an interrupt or a spurious return.
                if (!idle.removeFirstOccurrence(self)) {
                    waking.decrementAndGet();
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            if (worker != null) {
                worker.idle(false);
            }
        }
    }

    @Override
    public Runnable take() throws InterruptedException {
        return poll(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    @Override
    public void put(Runnable task) {
        force(task);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) {
        return offer(task);
    }

    @Override
    public Runnable peek() {
        Runnable task = urgent.peek();
        return task != null ? task : tasks.peek();
    }

    @Override
    public boolean isEmpty() {
        return urgent.isEmpty() && tasks.isEmpty();
    }

    @Override
    public int size() {
        return urgent.size() + tasks.size();
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean remove(Object task) {
        return urgent.remove(task) || tasks.remove(task);
    }

    /** A snapshot of the queued tasks, urgent ones first. */
    @Override
    public Iterator<Runnable> iterator() {
        List<Runnable> all = new ArrayList<>(urgent);
        all.addAll(tasks);
        return all.iterator();
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink) {
        return drainTo(sink, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> sink, int max) {
        int n = 0;
        Runnable task;
        while (n < max && (task = poll()) != null) {
            sink.add(task);
            n++;
        }
        return n;
    }

    private Runnable taken(Runnable task) {
        if (task != null) {
            takes++;
        }
        return task;
    }

    // A class rather than a lambda: this one is loaded anew on every reboot of the connector, and a lambda's first use
    // costs a generated class while the reboot holds requests.
    private static final class NoOp implements Runnable {
        @Override
        public void run() {
            // Nothing: offering it is what starts a worker.
        }
    }
}
