package dev.wskit.servlet;

import dev.wskit.transport.spi.ConnectionHandler;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The upgraded side of a {@link WebSocketServlet}'s request: once the container has sent the 101 (RFC 6455
 * §4.2.2), {@link #init} runs wskit's engine over the {@link WebConnection}'s non-blocking streams. The container
 * creates it (through {@link jakarta.servlet.http.HttpServletRequest#upgrade}, hence the public no-argument
 * constructor); applications do not use it directly. Thread-safe.
 */
public final class WebSocketUpgradeHandler implements HttpUpgradeHandler {
    private ConnectionHandler handler;
    private ScheduledExecutorService timers;
    private Endpoints endpoints;
    private Set<WebSocketUpgradeHandler> registry;
    private ServletConnection connection;

    /** For the container, which creates the handler when the servlet upgrades a request. */
    public WebSocketUpgradeHandler() {
    }

    /**
     * The addresses of an upgraded connection, read from its request (the upgraded connection does not tell).
     *
     * @param remote the peer's address
     * @param local this side's address
     * @param secure whether the request came over TLS
     */
    record Endpoints(InetSocketAddress remote, InetSocketAddress local, boolean secure) {
    }

    /** Called by the servlet after {@code upgrade()}, before the container calls {@link #init}. */
    synchronized void prepare(ConnectionHandler connectionHandler, ScheduledExecutorService timerService,
                              Endpoints addresses, Set<WebSocketUpgradeHandler> open) {
        this.handler = connectionHandler;
        this.timers = timerService;
        this.endpoints = addresses;
        this.registry = open;
    }

    /**
     * Starts the connection: the listener hears {@code onOpen}, and the streams are read and written without
     * blocking from here on.
     *
     * @param webConnection the upgraded connection
     * @throws UncheckedIOException when the container cannot give its streams
     */
    @Override
    public synchronized void init(WebConnection webConnection) {
        try {
            connection = new ServletConnection(handler, webConnection, new DeadlineTimer(timers), endpoints,
                () -> registry.remove(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add(this);
        connection.start();
    }

    /** Ends the connection at once if it is still open: the container is done with it. */
    @Override
    public void destroy() {
        ServletConnection current;
        synchronized (this) {
            current = connection;
        }
        if (current != null) {
            current.abort();
        }
    }
}
