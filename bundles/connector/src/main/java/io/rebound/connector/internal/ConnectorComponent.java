package io.rebound.connector.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import io.rebound.http.spi.AccessLog;
import io.rebound.http.spi.Connector;
import io.rebound.http.spi.Dispatcher;
import io.rebound.http.spi.Handover;
import io.rebound.http.spi.RequestParser;
import io.rebound.recovery.api.Call;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.Supervision;

import org.osgi.framework.BundleContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The connector: serves HTTP/1.1 on the public listening channel. The channel is borrowed from the listener
 * bundle and never closed here, so while this component reboots new connections wait in the kernel backlog.
 *
 * <p>Parser, router and access log are optional, dynamic, greedy references: when one of their bundles reboots the
 * connector keeps running (answering 503 for the moment a parser or router is missing) and picks up the new
 * instance as soon as it is registered — a reboot never cascades into this component.
 */
@Component(name = ConnectorComponent.PID, service = Connector.class, configurationPid = ConnectorComponent.PID,
        immediate = true)
@Designate(ocd = ConnectorConfig.class)
public final class ConnectorComponent implements Connector, Backends, Connection.ConnectionOwner {

    static final String PID = "io.rebound.connector";
    private static final System.Logger LOG = System.getLogger(PID);

    // Provided by the listener bundle, which is never rebooted: open connections outlive this instance through it.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Handover handover;

    final ServiceGate<RequestParser> parser = new ServiceGate<>();
    final ServiceGate<Dispatcher> dispatcher = new ServiceGate<>();

    // Every access log: the log file writer, and observers such as request metrics. SCR replaces the list.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<AccessLog> accessLogs = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Supervision supervision;

    // Lives and dies with this instance, like a real fault would: a reboot cures what was injected.
    private final FaultSwitch faults = new FaultSwitch("connector", true, 2_000);

    private final ServerSocketChannel listener;
    private final ConnectorSettings settings;
    private final ConnectionRegistry registry = new ConnectionRegistry();
    private final WorkerPool workers;
    // Workers waiting on a quiet connection for its next request (see Connection#awaitRequest).
    private final AtomicInteger lingering = new AtomicInteger();
    // Set by start(); workers reach the loops only through connections they accepted, after they were started.
    private SelectorLoop[] loops;
    private LoopWatch watch;

    /** @param properties configured as {@link ConnectorConfig} declares */
    @Activate
    public ConnectorComponent(BundleContext context,
            @Reference(name = "listener", target = "(rebound.channel=http)") ServerSocketChannel listener,
            Map<String, Object> properties) {
        this(listener, ConnectorSettings.of(properties), context);
    }

    ConnectorComponent(ServerSocketChannel listener, ConnectorSettings settings) {
        this(listener, settings, null);
    }

    private ConnectorComponent(ServerSocketChannel listener, ConnectorSettings settings, BundleContext context) {
        this.listener = listener;
        this.settings = settings;
        this.workers = new WorkerPool(settings.maxWorkers());
        if (context != null) {
            faults.offer(context);
        }
    }

    /**
     * Starts accepting. Not done in the constructor: SCR injects the parser, router and access log fields only
     * after constructing, and the first connections accepted (those that waited in the backlog while the connector
     * rebooted) would otherwise find no parser and be answered 503.
     */
    @Activate
    void start() throws IOException {
        // One loop per core: each serves the connections it finds ready, so together they use every core. Each runs
        // on a worker, and one worker at least is left to take over a loop whose serve blocks.
        int n = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), settings.maxWorkers() - 1));
        SelectorLoop[] made = new SelectorLoop[n];
        try {
            for (int i = 0; i < made.length; i++) {
                made[i] = new SelectorLoop(listener, workers, settings, registry, new NewConnections(), i == 0);
            }
        } catch (IOException | RuntimeException e) {
            for (SelectorLoop loop : made) {
                if (loop != null) {
                    loop.discard();
                }
            }
            throw e;
        }
        for (SelectorLoop loop : made) {
            loop.dealTo(made);
        }
        loops = made;
        watch = new LoopWatch(loops, workers);
        for (SelectorLoop loop : loops) {
            loop.start();
        }
        watch.start();
        int adopted = adoptHandedOver();
        LOG.log(Level.INFO, "connector serving http://" + hostPort(localAddress()) + "/"
                + (adopted == 0 ? "" : "; took over " + adopted + " open connection(s) from its predecessor"));
    }

    /** Takes over the connections the previous instance left open: the clients on them never notice the reboot. */
    private int adoptHandedOver() {
        Handover h = handover;
        if (h == null) {
            return 0;
        }
        int n = 0;
        for (Handover.Deposit deposit : h.withdrawAll()) {
            InetSocketAddress remote = SelectorLoop.remoteOf(deposit.channel());
            if (remote == null) {
                closeQuietly(deposit.channel());
                continue;
            }
            Connection connection = new Connection(deposit.channel(), remote, settings, this, this,
                    deposit.pending());
            connection.home(loops[n % loops.length]);
            registry.add(connection);
            if (deposit.pending().hasRemaining()) {
                if (!redispatch(connection)) {
                    connection.close();
                }
            } else {
                connection.home().park(connection);
            }
            n++;
        }
        return n;
    }

    /**
     * Stops gracefully: no new connections, idle ones closed, requests under way get {@code stop_timeout_millis}
     * to finish; then every remaining connection is cut so that no worker outlives this instance.
     */
    @Deactivate
    void deactivate() {
        // Withdraws the fault target and releases an injected hang, so the hung worker can end with the rest.
        faults.close();
        // Requests waiting for a rebooting parser or router go to the next instance rather than keep this one from
        // stopping: the supervisor brings that backend back only once this stop is over.
        parser.close();
        dispatcher.close();
        if (loops == null) {
            workers.shutdownNow();
            return;
        }
        for (SelectorLoop loop : loops) {
            loop.stop();
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.stopTimeoutMillis());
        try {
            // A loop may be accepting right now: wait for the loops to end before telling the connections to stop
            // and closing the pool, so that a connection accepted last is neither missed nor refused a worker. (A
            // loop busy serving is handed to another worker by the watch, which ends it at once.)
            for (SelectorLoop loop : loops) {
                loop.awaitEnd(deadline);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        for (Connection c : registry.snapshot()) {
            c.stop();
        }
        for (WorkerThread w : workers.threads()) {
            w.waiter().wakeup();
        }
        workers.shutdown();
        try {
            if (!interrupted && !workers.awaitTermination(settings.stopTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "requests still running after " + settings.stopTimeoutMillis()
                        + " ms; cutting " + registry.size() + " connection(s)");
                closeConnections();
                workers.shutdownNow();
                if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                    LOG.log(Level.ERROR, "connector workers did not end: " + workers.threads());
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            closeConnections();
            workers.shutdownNow();
        }
        closeConnections();
        try {
            watch.stop();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.log(Level.INFO, "connector stopped");
    }

    // Loops rather than lambdas on the stop path: a lambda first used while the bundle stops costs a generated class,
    // and the reboot's clients wait for it.
    private void closeConnections() {
        for (Connection c : registry.snapshot()) {
            c.close();
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("listening channel closed", e);
        }
    }

    @Override
    public int openConnections() {
        return registry.size();
    }

    @Reference(name = "parser", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindParser")
    void bindParser(RequestParser service) {
        parser.bind(service);
    }

    void unbindParser(RequestParser service) {
        parser.unbind(service);
    }

    @Reference(name = "dispatcher", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindDispatcher")
    void bindDispatcher(Dispatcher service) {
        dispatcher.bind(service);
    }

    void unbindDispatcher(Dispatcher service) {
        dispatcher.unbind(service);
    }

    @Override
    public ServiceGate<RequestParser> parser() {
        return parser;
    }

    @Override
    public ServiceGate<Dispatcher> dispatcher() {
        return dispatcher;
    }

    @Override
    public List<AccessLog> accessLogs() {
        return accessLogs;
    }

    @Override
    public Call enter(Object callee) {
        Supervision s = supervision;
        return s == null ? Call.NONE : s.enter(callee);
    }

    @Override
    public FaultSwitch faults() {
        return faults;
    }

    @Override
    public void park(Connection connection) {
        connection.home().park(connection);
    }

    @Override
    public void closed(Connection connection) {
        registry.remove(connection);
    }

    @Override
    public boolean redispatch(Connection connection) {
        try {
            workers.execute(connection);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public boolean tryLinger() {
        // A loop's thread never waits on one quiet connection: the loop's other connections would wait with it.
        if (workers.backlogged() || WorkerThread.servingForLoop()) {
            return false;
        }
        int n;
        do {
            n = lingering.get();
            if (n >= workers.runningTarget()) {
                return false;
            }
        } while (!lingering.compareAndSet(n, n + 1));
        return true;
    }

    @Override
    public void lingered() {
        lingering.decrementAndGet();
    }

    @Override
    public boolean handOver(Connection connection) {
        Handover h = handover;
        if (h == null || !connection.channel().isOpen()) {
            return false;
        }
        registry.remove(connection);
        h.deposit(new Handover.Deposit(connection.channel(), connection.pending()));
        return true;
    }

    // A class rather than this::newConnection: a method reference costs a generated class in each new class loader,
    // made while the reboot holds requests.
    private final class NewConnections implements BiFunction<SocketChannel, InetSocketAddress, Connection> {
        @Override
        public Connection apply(SocketChannel channel, InetSocketAddress remote) {
            return new Connection(channel, remote, settings, ConnectorComponent.this, ConnectorComponent.this);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
