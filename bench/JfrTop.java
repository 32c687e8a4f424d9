import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JDK Flight Recorder file for bench/profile.sh: where the CPU went and what was allocated, with
 * Rebound's own code ({@code io.rebound.*}) singled out.
 *
 * <pre>java bench/JfrTop.java recording.jfr [TOP]</pre>
 *
 * <ul>
 * <li>CPU: {@code jdk.ExecutionSample} (threads running Java code), by the sampled method itself ("self"), by every
 *     method on the stack ("total", each counted once a sample), and by the innermost Rebound frame (which Rebound
 *     code path the time belongs to, JDK and Felix frames beneath it included).</li>
 * <li>Native: {@code jdk.NativeMethodSample} (threads inside native code: socket reads and writes, epoll, file
 *     I/O), by the innermost Java frame — where the servers wait or make system calls.</li>
 * <li>Allocation: {@code jdk.ObjectAllocationSample} weighted by its bytes, by class, by allocating method and by
 *     the innermost Rebound frame.</li>
 * <li>GC: collections, total and longest pause.</li>
 * </ul>
 */
public final class JfrTop {

    private static final String OURS = "io.rebound.";

    private final Map<String, Long> selfCpu = new HashMap<>();
    private final Map<String, Long> totalCpu = new HashMap<>();
    private final Map<String, Long> reboundCpu = new HashMap<>();
    private final Map<String, Long> threadCpu = new HashMap<>();
    private final Map<String, Long> nativeTop = new HashMap<>();
    private final Map<String, Long> allocClass = new HashMap<>();
    private final Map<String, Long> allocSite = new HashMap<>();
    private final Map<String, Long> allocRebound = new HashMap<>();
    private long cpuSamples;
    private long nativeSamples;
    private long allocBytes;
    private long gcCount;
    private Duration gcPauseTotal = Duration.ZERO;
    private Duration gcPauseMax = Duration.ZERO;

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java bench/JfrTop.java recording.jfr [TOP]");
            System.exit(2);
        }
        int top = args.length == 2 ? Integer.parseInt(args[1]) : 20;
        JfrTop summary = new JfrTop();
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                summary.accept(file.readEvent());
            }
        }
        summary.print(top);
    }

    private void accept(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.ExecutionSample" -> cpu(event);
            case "jdk.NativeMethodSample" -> {
                nativeSamples++;
                add(nativeTop, innermost(event.getStackTrace(), false));
            }
            case "jdk.ObjectAllocationSample" -> allocation(event);
            case "jdk.GarbageCollection" -> {
                gcCount++;
                Duration pause = event.getDuration("sumOfPauses");
                gcPauseTotal = gcPauseTotal.plus(pause);
                if (pause.compareTo(gcPauseMax) > 0) {
                    gcPauseMax = pause;
                }
            }
            default -> { }
        }
    }

    private void cpu(RecordedEvent event) {
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        cpuSamples++;
        List<RecordedFrame> frames = stack.getFrames();
        add(selfCpu, name(frames.get(0)));
        Set<String> seen = new HashSet<>();
        for (RecordedFrame frame : frames) {
            if (seen.add(name(frame))) {
                add(totalCpu, name(frame));
            }
        }
        add(reboundCpu, innermost(stack, true));
        String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
        add(threadCpu, thread == null ? "?" : thread.replaceAll("[0-9]+", "N"));
    }

    private void allocation(RecordedEvent event) {
        long weight = event.getLong("weight");
        allocBytes += weight;
        String type = event.getClass("objectClass") == null ? "?" : event.getClass("objectClass").getName();
        allocClass.merge(type, weight, Long::sum);
        RecordedStackTrace stack = event.getStackTrace();
        String site = stack == null || stack.getFrames().isEmpty() ? "?" : name(stack.getFrames().get(0));
        allocSite.merge(site + "  [" + type + "]", weight, Long::sum);
        allocRebound.merge(innermost(stack, true), weight, Long::sum);
    }

    /** The innermost frame (of Rebound's code only, when {@code ours}); "(none)" if there is none. */
    private static String innermost(RecordedStackTrace stack, boolean ours) {
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                if (!frame.isJavaFrame()) {
                    continue;
                }
                String name = name(frame);
                if (!ours || name.startsWith(OURS)) {
                    return name;
                }
            }
        }
        return ours ? "(no Rebound frame: JDK, Felix, SCR or other threads)" : "(none)";
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void add(Map<String, Long> counts, String key) {
        counts.merge(key, 1L, Long::sum);
    }

    private void print(int top) {
        System.out.printf("CPU samples (jdk.ExecutionSample): %d%n", cpuSamples);
        table("self (top of stack)", selfCpu, cpuSamples, top, false);
        table("total (anywhere on the stack), Rebound methods only", filter(totalCpu), cpuSamples, top, false);
        table("by innermost Rebound frame (the Rebound code path the sample belongs to)", reboundCpu, cpuSamples,
                top, false);
        table("by thread (digits as N)", threadCpu, cpuSamples, top, false);
        System.out.printf("%nnative samples (jdk.NativeMethodSample): %d%n", nativeSamples);
        table("by innermost Java frame", nativeTop, nativeSamples, top, false);
        System.out.printf("%nallocation samples (jdk.ObjectAllocationSample), estimated total %.1f MB%n",
                allocBytes / 1e6);
        table("by class", allocClass, allocBytes, top, true);
        table("by allocating method [class]", allocSite, allocBytes, top, true);
        table("by innermost Rebound frame", allocRebound, allocBytes, top, true);
        System.out.printf("%nGC: %d collections, pauses total %d ms, longest %.1f ms%n", gcCount,
                gcPauseTotal.toMillis(), gcPauseMax.toNanos() / 1e6);
    }

    private static Map<String, Long> filter(Map<String, Long> counts) {
        Map<String, Long> ours = new HashMap<>();
        counts.forEach((k, v) -> {
            if (k.startsWith(OURS)) {
                ours.put(k, v);
            }
        });
        return ours;
    }

    private static void table(String title, Map<String, Long> counts, long whole, int top, boolean bytes) {
        System.out.println("  " + title + ":");
        List<Map.Entry<String, Long>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> row : rows.subList(0, Math.min(top, rows.size()))) {
            double share = whole == 0 ? 0 : 100.0 * row.getValue() / whole;
            String amount = bytes ? String.format("%9.1f MB", row.getValue() / 1e6) : String.format("%8d", row.getValue());
            System.out.printf("    %5.1f%% %s  %s%n", share, amount, row.getKey());
        }
    }
}
