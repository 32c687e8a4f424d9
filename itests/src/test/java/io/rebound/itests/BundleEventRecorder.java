package io.rebound.itests;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Records bundle lifecycle events. Synchronous because the framework delivers {@code STARTING} and
 * {@code STOPPING} only to synchronous listeners, and because it keeps the events in the order they happened.
 */
final class BundleEventRecorder implements SynchronousBundleListener {

    private final List<BundleEvent> events = new ArrayList<>();

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        events.add(event);
    }

    /** @return the event types seen for {@code bundle}, in order */
    synchronized List<Integer> typesFor(Bundle bundle) {
        return events.stream().filter(e -> e.getBundle().getBundleId() == bundle.getBundleId())
                .map(BundleEvent::getType).collect(Collectors.toList());
    }

    /** @return the events of the given types for any bundle other than {@code bundle}, described */
    synchronized List<String> othersThan(Bundle bundle, Set<Integer> types) {
        return events.stream()
                .filter(e -> e.getBundle().getBundleId() != bundle.getBundleId() && types.contains(e.getType()))
                .map(BundleEventRecorder::describe).collect(Collectors.toList());
    }

    /** @return the events of the given types for any bundle, described */
    synchronized List<String> all(Set<Integer> types) {
        return events.stream().filter(e -> types.contains(e.getType())).map(BundleEventRecorder::describe)
                .collect(Collectors.toList());
    }

    static String describe(BundleEvent event) {
        return typeName(event.getType()) + " " + event.getBundle().getSymbolicName() + " ["
                + event.getBundle().getBundleId() + "]";
    }

    static String typeName(int type) {
        switch (type) {
            case BundleEvent.INSTALLED: return "INSTALLED";
            case BundleEvent.RESOLVED: return "RESOLVED";
            case BundleEvent.LAZY_ACTIVATION: return "LAZY_ACTIVATION";
            case BundleEvent.STARTING: return "STARTING";
            case BundleEvent.STARTED: return "STARTED";
            case BundleEvent.STOPPING: return "STOPPING";
            case BundleEvent.STOPPED: return "STOPPED";
            case BundleEvent.UPDATED: return "UPDATED";
            case BundleEvent.UNRESOLVED: return "UNRESOLVED";
            case BundleEvent.UNINSTALLED: return "UNINSTALLED";
            default: return "EVENT-" + type;
        }
    }
}
