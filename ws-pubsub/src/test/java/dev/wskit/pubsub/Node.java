package dev.wskit.pubsub;

import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.ServerConfig;
import dev.wskit.transport.Transports;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import dev.wskit.transport.WebSocketServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A server node for the tests: a {@link WebSocketServer} on one transport whose endpoint {@code /topics?a&b}
 * subscribes each connection to the topics named in its query, and its {@link Topics}. Clients connect with
 * wskit's client on the same transport; everything is closed by {@link #close()}.
 */
public final class Node implements AutoCloseable {
    private final Topics topics;
    private final WebSocketServer server;
    private final String transport;
    private final List<WebSocket> clients = new CopyOnWriteArrayList<>();
    /** The server side of each connection, in the order they opened. */
    public final List<WebSocket> serverSockets;

    private Node(Topics topics, WebSocketServer server, String transport, List<WebSocket> serverSockets) {
        this.topics = topics;
        this.server = server;
        this.transport = transport;
        this.serverSockets = serverSockets;
    }

    /**
     * Starts a node.
     *
     * @param transport the transport's name
     * @param topics the node's topics, closed with the node
     * @param settings changes to the server's configuration
     * @return the running node
     */
    public static Node start(String transport, Topics topics, UnaryOperator<ServerConfig.Builder> settings)
        throws IOException {
        List<WebSocket> opened = new CopyOnWriteArrayList<>();
        WebSocketServer server = WebSocketServer.start(settings.apply(ServerConfig.builder()
            .transport(Transports.byName(transport))
            .endpoint("/topics", () -> new WebSocket.Listener() {
                @Override
                public void onOpen(WebSocket socket) {
                    String query = socket.uri().getQuery();
                    for (String topic : query == null ? new String[0] : query.split("&")) {
                        topics.subscribe(socket, topic);
                    }
                    opened.add(socket);
                }
            })).build());
        return new Node(topics, server, transport, opened);
    }

    /**
     * Starts a node with the default server settings.
     *
     * @param transport the transport's name
     * @param topics the node's topics, closed with the node
     * @return the running node
     */
    public static Node start(String transport, Topics topics) throws IOException {
        return start(transport, topics, config -> config);
    }

    /**
     * Returns the node's topics.
     *
     * @return the registry
     */
    public Topics topics() {
        return topics;
    }

    /**
     * Connects a client that subscribes to the given topics, and waits until the server has subscribed it.
     *
     * @param inbox the client's listener
     * @param names the topics
     * @return the client's connection
     */
    public WebSocket connect(Inbox inbox, String... names) throws Exception {
        return connect(config -> config, inbox, names);
    }

    /**
     * Connects a client with its own settings (such as extensions) that subscribes to the given topics, and waits
     * until the server has subscribed it.
     *
     * @param setup changes to the client's configuration
     * @param inbox the client's listener
     * @param names the topics
     * @return the client's connection
     */
    public WebSocket connect(UnaryOperator<ClientConfig.Builder> setup, Inbox inbox, String... names)
        throws Exception {
        int before = serverSockets.size();
        WebSocketClient client = WebSocketClient.create(setup.apply(ClientConfig.builder()
            .transport(Transports.byName(transport))).build());
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/topics?" + String.join("&", names));
        WebSocket socket = client.connect(uri, inbox).get(60, TimeUnit.SECONDS);
        clients.add(socket);
        // the server subscribes in onOpen, before it records the socket
        Await.until(() -> serverSockets.size() > before, () -> "server never opened the connection");
        return socket;
    }

    @Override
    public void close() {
        clients.forEach(WebSocket::abort);
        topics.close();
        server.stop(Duration.ofSeconds(1));
    }
}
