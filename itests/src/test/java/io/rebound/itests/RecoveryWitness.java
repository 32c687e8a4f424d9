package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;

/**
 * Watches one supervised component through a fault: records, before the fault, the bundles, the DS component
 * activations, the component's restart count and the length of the recovery history, and listens to every bundle
 * event; afterwards it checks the recovery against that record — only the failed component's bundle moved, and
 * nothing else was reactivated.
 */
final class RecoveryWitness implements AutoCloseable {

    /**
     * Events meaning a bundle was disturbed (or, for INSTALLED and UNINSTALLED, that a reboot replaced a bundle
     * instead of refreshing it).
     */
    static final Set<Integer> DISTURBING_EVENTS = Set.of(BundleEvent.STARTING, BundleEvent.STARTED,
            BundleEvent.STOPPING, BundleEvent.STOPPED, BundleEvent.UNRESOLVED, BundleEvent.UPDATED,
            BundleEvent.UNINSTALLED, BundleEvent.INSTALLED);

    private final BundleContext context;
    private final ReboundAdmin admin;
    private final String name;
    private final Bundle bundle;
    private final int restartsBefore;
    private final int recordsBefore;
    private final SystemSnapshot before;
    private final BundleEventRecorder events = new BundleEventRecorder();

    private RecoveryWitness(BundleContext context, ReboundAdmin admin, String name, Bundle bundle) throws IOException {
        this.context = context;
        this.admin = admin;
        this.name = name;
        this.bundle = bundle;
        assertEquals(name + " before the fault", "ACTIVE", admin.state(name));
        this.restartsBefore = admin.restarts(name);
        this.recordsBefore = admin.recoveries().size();
        this.before = SystemSnapshot.take(context);
        context.addBundleListener(events);
    }

    /**
     * Starts watching.
     *
     * @param name the component's name in the admin API
     * @param bundle its bundle
     */
    static RecoveryWitness watch(BundleContext context, ReboundAdmin admin, String name, Bundle bundle)
            throws IOException {
        return new RecoveryWitness(context, admin, name, bundle);
    }

    int restartsBefore() {
        return restartsBefore;
    }

    /** @return the recovery records added since watching began */
    List<Map<?, ?>> newRecords() throws IOException {
        return admin.recoveriesAfter(recordsBefore);
    }

    /**
     * Waits for the first new recovery record naming the component, and returns it.
     *
     * @param situation what is going on meanwhile (traffic, say), for the failure message
     */
    Map<?, ?> awaitRecord(Duration timeout, Object situation) {
        return Await.until("a new record for " + name + " in GET /recoveries (" + situation + ")", timeout,
                () -> newRecords().stream().filter(r -> name.equals(r.get("name"))).findFirst().orElse(null));
    }

    /**
     * Checks that the recovery rebooted exactly the component's bundle: it stopped and started again under the same
     * id, its DS components were reactivated, and no other bundle saw a lifecycle event or had a DS component
     * reactivated.
     */
    void assertOnlyComponentRebooted() {
        List<Integer> seen = events.typesFor(bundle);
        assertTrue(name + " did not stop and start again; its events: " + describe(seen),
                isSubsequence(List.of(BundleEvent.STOPPING, BundleEvent.STOPPED, BundleEvent.STARTED), seen));
        assertEquals("lifecycle events of bundles other than " + bundle.getSymbolicName(), List.of(),
                events.othersThan(bundle, DISTURBING_EVENTS));
        SystemSnapshot after = SystemSnapshot.take(context);
        assertEquals("bundles (id: name state) other than " + bundle.getSymbolicName(),
                before.bundlesExcept(bundle.getBundleId()), after.bundlesExcept(bundle.getBundleId()));
        assertEquals(bundle.getSymbolicName() + " after its reboot", before.bundles.get(bundle.getBundleId()),
                after.bundles.get(bundle.getBundleId()));
        assertEquals("DS component activations (configuration ids) outside " + bundle.getSymbolicName(),
                before.componentsExcept(bundle.getBundleId()), after.componentsExcept(bundle.getBundleId()));
        Map<String, String> own = before.componentsOf(bundle.getBundleId());
        Map<String, String> ownAfter = after.componentsOf(bundle.getBundleId());
        assertEquals("DS components of " + bundle.getSymbolicName(), own.keySet(), ownAfter.keySet());
        own.forEach((component, idsBefore) -> assertNotEquals(component + " was not reactivated by the reboot",
                idsBefore, ownAfter.get(component)));
    }

    /** Checks that nothing moved at all: no bundle event, no DS reactivation, no restart, no recovery record. */
    void assertNothingRebooted() throws IOException {
        assertEquals("recoveries recorded", List.of(), newRecords());
        assertEquals("restarts of " + name, restartsBefore, admin.restarts(name));
        assertEquals("lifecycle events", List.of(), events.all(DISTURBING_EVENTS));
        SystemSnapshot after = SystemSnapshot.take(context);
        assertEquals("bundles", before.bundles, after.bundles);
        assertEquals("DS component activations (configuration ids)", before.components, after.components);
    }

    /** Waits until the component is ACTIVE again with its restart count raised by {@code restarts}. */
    void awaitActiveAfter(int restarts) {
        Await.until(name + " to be ACTIVE with restarts " + (restartsBefore + restarts) + " in GET /components",
                () -> {
                    Map<?, ?> component = admin.component(name);
                    return "ACTIVE".equals(component.get("state"))
                            && ReboundAdmin.number(component, "restarts").intValueExact() == restartsBefore + restarts
                            ? component : null;
                });
    }

    @Override
    public void close() {
        context.removeBundleListener(events);
    }

    private static String describe(List<Integer> types) {
        return types.stream().map(BundleEventRecorder::typeName).collect(Collectors.toList()).toString();
    }

    private static boolean isSubsequence(List<Integer> wanted, List<Integer> seen) {
        int next = 0;
        for (int type : seen) {
            if (next < wanted.size() && wanted.get(next) == type) {
                next++;
            }
        }
        return next == wanted.size();
    }
}
