package io.rebound.itests.faulty.flapping;

/** A worker that dies of an uncaught exception shortly after every start: a bug no restart cures. */
public class FlappingComponent {

    /** Long enough that the crash falls after the start has completed, short enough to flap quickly. */
    private static final long LIFETIME_MILLIS = 300;

    private volatile Thread worker;

    public void activate() {
        Thread thread = new Thread(FlappingComponent::work, "flapping-worker");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    public void deactivate() throws InterruptedException {
        Thread thread = worker;
        thread.interrupt();
        thread.join(2_000);
    }

    private static void work() {
        try {
            Thread.sleep(LIFETIME_MILLIS);
        } catch (InterruptedException e) {
            return;
        }
        throw new IllegalStateException("flapping component: its worker dies after every start");
    }
}
