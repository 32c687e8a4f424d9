package io.rebound.parser.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestParser;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.FaultTarget;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Provides the {@link RequestParser} service. The parsing itself is done by an immutable
 * {@link Http11RequestParser}; a configuration change swaps in a new one, so a call in flight finishes with the
 * limits it started with and the service is never unregistered for a limit change.
 *
 * <p>When the server runs with fault injection ({@code rebound.faults=true}) the component also offers its
 * {@link FaultSwitch} as a {@link FaultTarget}; injected faults strike in {@link #parse}.
 */
// Immediate, so that a reboot of the connector (its only user) does not dispose and re-create this component.
@Component(name = ParserComponent.PID, service = RequestParser.class, configurationPid = ParserComponent.PID,
        immediate = true)
@Designate(ocd = ParserConfig.class)
public final class ParserComponent implements RequestParser {

    static final String PID = "io.rebound.parser";
    static final long FAULT_SLOW_MILLIS = 2000;

    private static final System.Logger LOG = System.getLogger(PID);

    // SCR makes a new instance for every activation, so a switch made with the instance lives exactly as long as
    // one activation; being final keeps parse() at the switch's own volatile reads.
    private final FaultSwitch faults;
    private volatile Http11RequestParser parser;

    public ParserComponent() {
        this(new FaultSwitch("parser", false, FAULT_SLOW_MILLIS));
    }

    ParserComponent(FaultSwitch faults) {
        this.faults = faults;
    }

    @Activate
    void activate(BundleContext context, ParserConfig config) {
        parser = new Http11RequestParser(limits(config));
        boolean faultsOn = faults.offer(context);
        LOG.log(Level.INFO, "request parser active with " + describe(config)
                + (faultsOn ? ", accepting injected faults" : ""));
    }

    /** Closing the switch ends injected faults with this instance, as a reboot ends real ones. */
    @Deactivate
    void deactivate() {
        faults.close();
    }

    /**
     * A rejected configuration throws before the swap, so the previous limits stay in force; SCR logs the
     * exception, and the message names the offending property.
     */
    @Modified
    void modified(ParserConfig config) {
        parser = new Http11RequestParser(limits(config));
        LOG.log(Level.INFO, "request parser reconfigured with " + describe(config));
    }

    @Override
    public ParseResult parse(ByteBuffer input) {
        faults.onCall();
        return parser.parse(input);
    }

    @Override
    public int maxHeadLength() {
        return parser.maxHeadLength();
    }

    /** @throws IllegalArgumentException naming the PID, the configured values and what is wrong with them */
    static ParserLimits limits(ParserConfig config) {
        try {
            return new ParserLimits(config.max_request_line(), config.max_header_count(), config.max_head_length());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid configuration " + PID + " (" + describe(config) + "): "
                    + e.getMessage(), e);
        }
    }

    private static String describe(ParserConfig config) {
        return "max.request.line=" + config.max_request_line() + ", max.header.count=" + config.max_header_count()
                + ", max.head.length=" + config.max_head_length();
    }
}
