package dev.wskit.servlet;

import dev.wskit.handshake.HandshakeRequest;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.handshake.ServerHandshakeConfig;
import dev.wskit.transport.ConnectionSettings;
import dev.wskit.transport.UpgradeHandler;
import dev.wskit.transport.UpgradeRequest;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.spi.HostedUpgrade;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Serial;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * A WebSocket endpoint in a Servlet 6 container. For a GET that asks to upgrade to {@code websocket}, it judges the
 * request with wskit's {@link HostedUpgrade} (RFC 6455 §4.2.1 checks, extension negotiation §9.1, the
 * application's {@link UpgradeHandler}), then either answers the refusal's status, or upgrades the connection
 * through the container ({@link HttpServletRequest#upgrade}) with the 101's headers (§4.2.2) and runs wskit's
 * engine over it in a {@link WebSocketUpgradeHandler}. Other requests are answered 426 Upgrade Required.
 *
 * <p>Register an instance with the container ({@code ServletContext.addServlet(name, servlet)}, or the embedded
 * server's equivalent) at the endpoint's path. The servlet owns one timer thread for its connections' deadlines
 * (keepalive, idle, close and write-stall timeouts), started by {@link #init()} and stopped by {@link #destroy()}.
 * Thread-safe.
 */
public final class WebSocketServlet extends HttpServlet {
    @Serial
    private static final long serialVersionUID = 1L;
    /** The host name that metrics are tagged with. */
    public static final String HOST_NAME = "servlet";

    private final transient Supplier<WebSocket.Listener> listeners;
    private final transient HostedUpgrade upgrade;
    private final transient Set<WebSocketUpgradeHandler> open = Collections.synchronizedSet(new HashSet<>());
    private transient ScheduledExecutorService timers;

    /**
     * Creates an endpoint with the default policy: no subprotocols or extensions, every request that passes the
     * protocol's checks accepted, {@link ConnectionSettings#defaults()}.
     *
     * @param listeners makes the listener of each connection
     */
    public WebSocketServlet(Supplier<WebSocket.Listener> listeners) {
        this(listeners, new HostedUpgrade(ServerHandshakeConfig.defaults(), UpgradeHandler.ACCEPT_ALL,
            ConnectionSettings.defaults(), HOST_NAME));
    }

    /**
     * Creates an endpoint.
     *
     * @param listeners makes the listener of each connection
     * @param upgrade the handshake's policy, the application's upgrade handler and the connection settings
     */
    public WebSocketServlet(Supplier<WebSocket.Listener> listeners, HostedUpgrade upgrade) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.upgrade = Objects.requireNonNull(upgrade, "upgrade");
    }

    @Override
    public void init() {
        timers = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wskit-servlet-timer-" + getServletName());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Ends the connections still open, without a closing handshake, and stops the timer thread. */
    @Override
    public void destroy() {
        List<WebSocketUpgradeHandler> connections;
        synchronized (open) {
            connections = List.copyOf(open);
        }
        connections.forEach(WebSocketUpgradeHandler::destroy);
        timers.shutdownNow();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
        if (!containsToken(request, "Upgrade", "websocket")) {
            // RFC 6455 §4.2.2, RFC 9110 §15.5.22: 426 names the protocol (and version) to upgrade to
            response.setHeader("Upgrade", "websocket");
            response.setHeader("Sec-WebSocket-Version", "13");
            answer(response, plainText(426, "Upgrade Required: this is a WebSocket endpoint"));
            return;
        }
        InetSocketAddress remote = new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort());
        HandshakeRequest head;
        try {
            head = new HandshakeRequest(request.getMethod(), targetOf(request), request.getProtocol(),
                headersOf(request));
        } catch (IllegalArgumentException e) {
            answer(response, plainText(400, String.valueOf(e.getMessage())));
            return;
        }
        switch (upgrade.evaluate(new UpgradeRequest(head, remote, request.isSecure()))) {
            case HostedUpgrade.Refused refused -> answer(response, refused);
            case HostedUpgrade.Accepted accepted -> switchProtocols(request, response, accepted, remote);
        }
    }

    private void switchProtocols(HttpServletRequest request, HttpServletResponse response,
                                 HostedUpgrade.Accepted accepted, InetSocketAddress remote)
        throws IOException, ServletException {
        WebSocketUpgradeHandler handler;
        try {
            handler = request.upgrade(WebSocketUpgradeHandler.class);
        } catch (IOException | ServletException | RuntimeException e) {
            accepted.discard();
            throw e;
        }
        // after upgrade(): the container has set 101 and may have set Upgrade and Connection, which these replace
        HttpHeaders headers = accepted.headers();
        Set<String> set = new HashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            if (set.add(headers.name(i).toLowerCase(Locale.ROOT))) {
                response.setHeader(headers.name(i), headers.value(i));
            } else {
                response.addHeader(headers.name(i), headers.value(i));
            }
        }
        InetSocketAddress local = new InetSocketAddress(request.getLocalAddr(), request.getLocalPort());
        handler.prepare(accepted.open(listeners.get()), timers, new WebSocketUpgradeHandler.Endpoints(remote, local,
            request.isSecure()), open);
    }

    private static HostedUpgrade.Refused plainText(int status, String body) {
        return new HostedUpgrade.Refused(status, HttpHeaders.of("Content-Type", "text/plain; charset=utf-8"),
            body.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpServletResponse response, HostedUpgrade.Refused refused) throws IOException {
        response.setStatus(refused.status());
        refused.headers().forEach(response::addHeader);
        response.setContentLength(refused.body().length);
        response.getOutputStream().write(refused.body());
    }

    private static boolean containsToken(HttpServletRequest request, String name, String token) {
        Enumeration<String> values = request.getHeaders(name);
        while (values.hasMoreElements()) {
            for (String value : values.nextElement().split(",")) {
                if (value.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String targetOf(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + '?' + query;
    }

    private static HttpHeaders headersOf(HttpServletRequest request) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            String name = names.nextElement();
            Enumeration<String> values = request.getHeaders(name);
            while (values.hasMoreElements()) {
                headers.add(name, values.nextElement());
            }
        }
        return headers.build();
    }
}
