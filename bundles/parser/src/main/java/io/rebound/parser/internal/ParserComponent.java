package io.rebound.parser.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Map;

import io.rebound.http.spi.ParseResult;
import io.rebound.http.spi.RequestParser;
import io.rebound.recovery.api.ConfigProperties;
import io.rebound.recovery.api.FaultSwitch;
import io.rebound.recovery.api.InvalidConfigurationException;
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

    /** @param properties configured as {@link ParserConfig} declares */
    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        ParserLimits limits = limits(properties);
        parser = new Http11RequestParser(limits);
        boolean faultsOn = faults.offer(context);
        LOG.log(Level.INFO, "request parser active with " + describe(limits)
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
    void modified(Map<String, Object> properties) {
        ParserLimits limits = limits(properties);
        parser = new Http11RequestParser(limits);
        LOG.log(Level.INFO, "request parser reconfigured with " + describe(limits));
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

    /** @throws InvalidConfigurationException naming the PID, the configured values and what is wrong with them */
    static ParserLimits limits(Map<String, Object> properties) {
        ConfigProperties config = new ConfigProperties(PID, properties);
        int requestLine = config.intValue("max.request.line", ParserLimits.DEFAULT_MAX_REQUEST_LINE);
        int headerCount = config.intValue("max.header.count", ParserLimits.DEFAULT_MAX_HEADER_COUNT);
        int headLength = config.intValue("max.head.length", ParserLimits.DEFAULT_MAX_HEAD_LENGTH);
        try {
            return new ParserLimits(requestLine, headerCount, headLength);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(PID, "invalid limits ("
                    + describe(requestLine, headerCount, headLength) + "): " + e.getMessage());
        }
    }

    private static String describe(ParserLimits limits) {
        return describe(limits.maxRequestLine(), limits.maxHeaderCount(), limits.maxHeadLength());
    }

    private static String describe(int requestLine, int headerCount, int headLength) {
        return "max.request.line=" + requestLine + ", max.header.count=" + headerCount + ", max.head.length="
                + headLength;
    }
}
