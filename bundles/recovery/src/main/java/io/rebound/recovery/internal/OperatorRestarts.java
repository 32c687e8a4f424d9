package io.rebound.recovery.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.osgi.service.component.annotations.Component;

/**
 * The microreboots operators asked for (admin API, Gogo), newest last, for the dashboard's timeline. The
 * supervisor's recovery history holds only the recoveries it decided on itself; an operator's restart is a
 * different event (no failure was detected), so it is kept here rather than disguised as a recovery.
 */
@Component(name = "io.rebound.recovery.operatorrestarts", service = OperatorRestarts.class, immediate = true)
public final class OperatorRestarts {

    private static final int CAPACITY = 1_000;

    /**
     * One operator restart.
     *
     * @param name the component
     * @param at when it was asked for
     * @param durationMillis how long the microreboot took
     * @param via who asked: {@code admin 10.0.0.5} or {@code gogo}
     * @param succeeded whether the component serves again
     */
    record Restart(String name, Instant at, long durationMillis, String via, boolean succeeded) {
    }

    private final Deque<Restart> restarts = new ArrayDeque<>();

    synchronized void add(Restart restart) {
        if (restarts.size() == CAPACITY) {
            restarts.removeFirst();
        }
        restarts.addLast(restart);
    }

    synchronized List<Restart> list() {
        return new ArrayList<>(restarts);
    }
}
