package io.rebound.listener.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Function;

/**
 * One listening socket to bind: its role ({@code http} or {@code admin}), address and port, read from framework
 * properties {@code rebound.<role>.bind} and {@code rebound.<role>.port}.
 *
 * @param role the value of the {@value #CHANNEL} service property
 * @param bind the address to bind
 * @param port the port, {@code 0} for any free port
 */
record ListenerSpec(String role, InetAddress bind, int port) {

    /** Service property naming the role of a registered channel. */
    static final String CHANNEL = "rebound.channel";
    /** Service property holding the port actually bound. */
    static final String PORT = "rebound.port";
    /** Service property holding the address actually bound. */
    static final String ADDRESS = "rebound.address";

    // Deep enough that a burst of connections arriving while the connector reboots waits instead of being refused.
    private static final int BACKLOG = 1024;

    static List<ListenerSpec> fromFramework(Function<String, String> properties) {
        return List.of(read("http", 8080, properties), read("admin", 8081, properties));
    }

    private static ListenerSpec read(String role, int defaultPort, Function<String, String> properties) {
        String bindKey = "rebound." + role + ".bind";
        String portKey = "rebound." + role + ".port";
        String bind = properties.apply(bindKey);
        String port = properties.apply(portKey);
        InetAddress address;
        try {
            address = InetAddress.getByName(bind == null ? "127.0.0.1" : bind.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(bindKey + ": unknown address '" + bind + "'");
        }
        int number = defaultPort;
        if (port != null) {
            try {
                number = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                number = -1;
            }
            if (number < 0 || number > 65535) {
                throw new IllegalArgumentException(portKey + ": '" + port + "' is not a port number (0-65535)");
            }
        }
        return new ListenerSpec(role, address, number);
    }

    ServerSocketChannel open() throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(bind, port), BACKLOG);
            // Consumers multiplex it with a Selector; waking a selector never closes the channel, whereas
            // interrupting a thread blocked in accept() would.
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + bind.getHostAddress() + ":" + port + " (" + role + "): "
                    + e.getMessage(), e);
        }
    }

    Dictionary<String, Object> serviceProperties(InetSocketAddress bound) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(CHANNEL, role);
        props.put(PORT, bound.getPort());
        props.put(ADDRESS, bound.getAddress().getHostAddress());
        return props;
    }
}
