package io.rebound.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.BundleContext;

/**
 * Restart intensity and escalation, OTP style: a component that keeps failing within its window is restarted until
 * its limit ({@code max.restarts=2}), then restarted together with the components that depend on it
 * (rest-for-one), then together with every Rebound component (restart all). The next step, exiting the process with
 * code 75, would stop the test framework and is not taken here.
 *
 * <p>One framework per test: a restart-all touches every component and counts against every component's intensity.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class EscalationIT {

    private static final int MAX_RESTARTS = 2;
    private static final Duration DETECTION = Duration.ofSeconds(20);

    private RunningServer server;
    private ReboundAdmin admin;

    @Configuration
    public Option[] config() {
        return ReboundOptions.config();
    }

    @Before
    public void tightPolicy() throws Exception {
        server = RunningServer.await(context());
        RecoveryTuning.configureDefaults(context(), FaultRecoveryIT.FAST_DETECTION);
        admin = new ReboundAdmin(server);
        admin.awaitAnswering();
    }

    @Test
    public void parserThatKeepsCrashingEscalatesToItsDependentsThenToAll() throws Exception {
        escalates("parser");
    }

    @Test
    public void filesThatKeepCrashingEscalateToTheirDependentsThenToAll() throws Exception {
        escalates("files");
    }

    private void escalates(String name) throws Exception {
        // Every component the server runs (no deployed bundles here): restart-all must restart them all.
        List<String> components = new ArrayList<>(admin.components().keySet());
        RecoveryTuning.addPolicy(context(), name, Map.of("max.restarts", MAX_RESTARTS, "window.seconds", 300));
        List<String> group = new ArrayList<>();
        group.add(name);
        group.addAll(dependentsOf(name));
        assertTrue(name + " must have dependents for rest-for-one to mean anything: " + admin.components(),
                group.size() > 1);

        List<Map<?, ?>> records = new ArrayList<>();
        for (int failure = 1; failure <= MAX_RESTARTS; failure++) {
            Map<?, ?> record = crash(name, failure);
            assertEquals("failure " + failure + " is within the intensity: " + record, "RECOVERED", record.get("result"));
            assertEquals("failure " + failure + ": " + record, "microreboot " + name, record.get("action"));
            records.add(record);
        }

        Map<?, ?> restForOne = crash(name, MAX_RESTARTS + 1);
        assertEquals("failure " + (MAX_RESTARTS + 1) + " exceeds the intensity: " + restForOne, "ESCALATED",
                restForOne.get("result"));
        assertEquals("rest-for-one names the component, then its dependents nearest first: " + restForOne,
                "rest-for-one: " + String.join(", ", group), restForOne.get("action"));
        records.add(restForOne);

        Map<?, ?> all = crash(name, MAX_RESTARTS + 2);
        assertEquals("a further failure within the window: " + all, "ESCALATED", all.get("result"));
        String action = ReboundAdmin.text(all, "action");
        assertTrue("the next escalation restarts every component: " + all, action.startsWith("restart all: "));
        Set<String> restarted = new LinkedHashSet<>(List.of(action.substring("restart all: ".length()).split(", ")));
        assertEquals("restart-all restarts every component once: " + all, new LinkedHashSet<>(components),
                restarted);
        records.add(all);

        server.awaitServing();
        Map<String, Map<?, ?>> listed = admin.components();
        for (String component : components) {
            assertEquals(component + " after escalation: " + listed.get(component), "ACTIVE",
                    listed.get(component).get("state"));
        }
        // Every reboot counts: the component itself once per failure, each dependent once more for rest-for-one,
        // and everyone once for restart-all.
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String component : components) {
            int restarts = 1;
            if (component.equals(name)) {
                restarts += MAX_RESTARTS + 1;
            } else if (group.contains(component)) {
                restarts += 1;
            }
            expected.put(component, restarts);
        }
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (String component : components) {
            actual.put(component, ReboundAdmin.number(listed.get(component), "restarts").intValueExact());
        }
        assertEquals("restarts after " + records, expected, actual);
        System.out.println("EscalationIT: " + name + " escalated: " + records);
    }

    /** Crashes the component once more and returns the recovery record this failure produced. */
    private Map<?, ?> crash(String name, int failure) throws Exception {
        int known = admin.recoveries().size();
        try (Traffic traffic = Traffic.start(server.httpPort(), TestDocroot.INDEX)) {
            // The previous recovery may still be restarting dependents: inject into the component once it serves.
            Await.until(name + " ACTIVE before failure " + failure, () -> "ACTIVE".equals(admin.state(name)));
            admin.injectAccepted(name, "crash");
            Map<?, ?> record = Await.until("the record of failure " + failure + " of " + name + " (" + traffic + ")",
                    DETECTION, () -> {
                        List<Map<?, ?>> added = admin.recoveriesAfter(known);
                        return added.isEmpty() ? null : added;
                    }).get(0);
            assertEquals("record of failure " + failure + ": " + record, name, record.get("name"));
            // Recovery is done when the record is written; the next failure must hit the new instance.
            server.awaitServing();
            return record;
        }
    }

    /** @return the components that depend on {@code name}, directly or not, from {@code dependsOn} in /components */
    private List<String> dependentsOf(String name) throws Exception {
        Map<String, Map<?, ?>> components = admin.components();
        List<String> result = new ArrayList<>();
        List<String> frontier = List.of(name);
        while (!frontier.isEmpty()) {
            List<String> next = new ArrayList<>();
            for (Map.Entry<String, Map<?, ?>> e : components.entrySet()) {
                List<?> dependsOn = (List<?>) e.getValue().get("dependsOn");
                if (!e.getKey().equals(name) && !result.contains(e.getKey())
                        && dependsOn.stream().anyMatch(frontier::contains)) {
                    result.add(e.getKey());
                    next.add(e.getKey());
                }
            }
            frontier = next;
        }
        return result;
    }

    private static BundleContext context() {
        return Bundles.context();
    }
}
