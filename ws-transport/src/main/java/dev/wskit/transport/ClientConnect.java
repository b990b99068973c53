package dev.wskit.transport;

import dev.wskit.codec.CloseCode;
import dev.wskit.handshake.ClientHandshake;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HandshakeException;
import dev.wskit.handshake.HandshakeResponse;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.internal.ProxyTunnel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One {@link WebSocketClient#connect} (RFC 6455 §4.1) from the caller's view: a chain of {@link ConnectAttempt}s,
 * one per URI, that follows redirects (RFC 9110 §15.4) and answers one 401 (RFC 9110 §11.6.1) when the
 * configuration says so, and carries cookies (RFC 6265) from each response to the next request. Each attempt
 * goes directly or through the HTTP proxy the configuration's selector picks for its URI; one 407 of a proxy
 * (RFC 9110 §15.5.8) is answered, when the configuration says so, by a new attempt with the credentials its
 * {@link ProxyChallengeHandler} returns. Its future completes
 * with the connection the last attempt opened, whose {@link WebSocket#uri()} is the final URI.
 *
 * <p>Cancelling it cancels the running attempt, unless that attempt's 101 has been accepted. Thread-safe.
 */
final class ClientConnect extends CompletableFuture<WebSocket> {
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final String AUTHORIZATION = "Authorization";

    private final ClientConfig config;
    private final HostResolver resolver;
    private final HttpHeaders headers;
    private final WebSocket.Listener listener;
    private final URI first;
    private final Set<URI> visited = new HashSet<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** The attempt running now, guarded by the lock. */
    private ConnectAttempt current;
    /** Set once the caller gave the connect up, guarded by the lock. */
    private boolean abandoned;
    // read and written by one attempt's completion after another: each happens before the next attempt starts
    private URI uri;
    private int redirects;
    private boolean challenged;
    private String authorization;
    private String authorizedHost;
    /** The proxy of the running attempt, {@code null} when it goes directly. */
    private InetSocketAddress proxy;
    private boolean proxyChallenged;
    /** The {@code Proxy-Authorization} a 407's handler returned, and the proxy it is for. */
    private String proxyAuthorization;
    private InetSocketAddress authorizedProxy;
    /** A cookie store's failure while a response was read, reported once the attempt ends. */
    private volatile IOException cookieFailure;

    /**
     * Prepares a connect.
     *
     * @param config the client's configuration
     * @param resolver resolves host names
     * @param uri the URI to connect to, possibly with user information for Basic authentication
     * @param headers this connect's own request headers, after the configuration's
     * @param listener the connection's listener
     */
    ClientConnect(ClientConfig config, HostResolver resolver, URI uri, HttpHeaders headers,
                  WebSocket.Listener listener) {
        this.config = config;
        this.resolver = resolver;
        this.headers = headers;
        this.listener = listener;
        this.first = withoutUserInfo(uri);
        this.uri = first;
        if (uri.getUserInfo() != null) {
            String userInfo = uri.getUserInfo();
            int colon = userInfo.indexOf(':');
            authorization = ChallengeHandler.basicAuthorization(colon < 0 ? userInfo : userInfo.substring(0, colon),
                colon < 0 ? "" : userInfo.substring(colon + 1));
            authorizedHost = first.getHost();
        }
        visited.add(first);
        whenComplete((socket, failure) -> {
            if (failure != null) {
                abandonCurrent();
            }
        });
    }

    /**
     * Starts the first attempt.
     *
     * @return this connect
     * @throws IllegalArgumentException when the URI is not a WebSocket URI
     */
    ClientConnect start() {
        ClientHandshake handshake = ClientHandshake.start(first, handshakeConfig(first));
        run(handshake);
        return this;
    }

    /**
     * Cancels the connect, unless the running attempt's handshake has succeeded.
     *
     * @param mayInterruptIfRunning ignored: no thread is interrupted
     * @return true when the connect is now cancelled
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        ConnectAttempt attempt = abandonCurrent();
        if (attempt != null && !attempt.cancel(false) && !attempt.isCompletedExceptionally()) {
            // its 101 was accepted: the connection is on its way to this future
            return false;
        }
        return super.cancel(mayInterruptIfRunning);
    }

    private ConnectAttempt abandonCurrent() {
        lock.lock();
        try {
            abandoned = true;
            ConnectAttempt attempt = current;
            if (attempt != null) {
                attempt.cancel(false);
            }
            return attempt;
        } finally {
            lock.unlock();
        }
    }

    private void run(ClientHandshake handshake) {
        URI target = handshake.uri();
        int port = target.getPort() != -1 ? target.getPort() : handshake.isSecure() ? 443 : 80;
        String host = hostOf(target);
        try {
            proxy = proxyFor(target);
        } catch (ProxyException e) {
            completeExceptionally(e);
            return;
        }
        ProxyTunnel tunnel = proxy == null ? null : new ProxyTunnel(proxy.getHostString() + ':' + proxy.getPort(),
            host, port, proxy.equals(authorizedProxy) ? proxyAuthorization : config.proxyAuthorization());
        ConnectAttempt attempt = new ConnectAttempt(config, resolver, handshake,
            proxy == null ? host : proxy.getHostString(), proxy == null ? port : proxy.getPort(),
            WebSocketClient.tlsFor(config, handshake, host), listener, response -> responded(target, response),
            tunnel);
        lock.lock();
        try {
            if (abandoned) {
                return;
            }
            current = attempt;
        } finally {
            lock.unlock();
        }
        attempt.start().whenComplete(this::attempted);
    }

    /** The HTTP proxy to tunnel through, or {@code null} to connect directly. */
    private InetSocketAddress proxyFor(URI target) throws ProxyException {
        if (config.proxies() == null) {
            return null;
        }
        for (Proxy proxy : config.proxies().select(httpUri(target))) {
            switch (proxy.type()) {
                case DIRECT -> {
                    return null;
                }
                case HTTP -> {
                    return (InetSocketAddress) proxy.address();
                }
                case SOCKS -> throw new ProxyException(0, HttpHeaders.EMPTY, "Cannot reach " + target
                    + " through SOCKS proxy " + proxy.address() + ": only HTTP proxies are supported");
            }
        }
        return null;
    }

    private void attempted(WebSocket socket, Throwable failure) {
        if (cookieFailure != null) {
            completeExceptionally(cookieFailure);
        }
        if (failure == null) {
            if (!complete(socket)) {
                // the caller gave up as the 101 came (RFC 6455 §7.4.1: going away)
                socket.close(CloseCode.GOING_AWAY, "Connect abandoned");
            }
            return;
        }
        Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
            ? wrapped.getCause() : failure;
        if (cause instanceof CancellationException || isDone()) {
            return;
        }
        try {
            if (cause instanceof HandshakeException refused && retried(refused)
                || cause instanceof ProxyException challenge && proxyRetried(challenge)) {
                return;
            }
            completeExceptionally(cause);
        } catch (HandshakeException | RuntimeException e) {
            completeExceptionally(e);
        }
    }

    /** Starts the next attempt when the refusal is a redirect to follow or a challenge to answer. */
    private boolean retried(HandshakeException refused) throws HandshakeException {
        Optional<HandshakeResponse> response = refused.response();
        if (response.isEmpty()) {
            return false;
        }
        if (REDIRECTS.contains(refused.status()) && refused.location().isPresent() && config.maxRedirects() > 0) {
            uri = redirectTarget(response.get(), refused.location().get());
            run(ClientHandshake.start(uri, handshakeConfig(uri)));
            return true;
        }
        if (refused.status() == 401 && config.challenges() != null && !challenged) {
            challenged = true;
            Optional<String> answer = config.challenges().onChallenge(uri, refused);
            if (answer.isPresent()) {
                authorization = answer.get();
                authorizedHost = uri.getHost();
                run(ClientHandshake.start(uri, handshakeConfig(uri)));
                return true;
            }
        }
        return false;
    }

    /** Starts the next attempt, over a new connection to the proxy, when its 407 is a challenge to answer. */
    private boolean proxyRetried(ProxyException refused) {
        // RFC 9110 §15.5.8: the proxy wants credentials, named by its Proxy-Authenticate challenges (§11.7.1)
        if (refused.status() != 407 || config.proxyChallenges() == null || proxyChallenged || proxy == null) {
            return false;
        }
        proxyChallenged = true;
        Optional<String> answer = config.proxyChallenges().onChallenge(proxy, refused);
        if (answer.isEmpty()) {
            return false;
        }
        proxyAuthorization = answer.get();
        authorizedProxy = proxy;
        run(ClientHandshake.start(uri, handshakeConfig(uri)));
        return true;
    }

    private URI redirectTarget(HandshakeResponse response, String location) throws HandshakeException {
        if (redirects >= config.maxRedirects()) {
            throw new HandshakeException(response, "Too many redirects: more than " + config.maxRedirects()
                + ", the last from " + uri + " to " + location);
        }
        URI next;
        try {
            next = websocketUri(uri.resolve(location.trim()));
        } catch (IllegalArgumentException e) {
            HandshakeException invalid = new HandshakeException(response, "Redirect to an invalid URI: " + location);
            invalid.initCause(e);
            throw invalid;
        }
        if (isSecure(uri) && !isSecure(next) && !config.insecureRedirects()) {
            throw new HandshakeException(response, "Refused redirect from " + uri + " to insecure " + next);
        }
        if (!visited.add(next)) {
            throw new HandshakeException(response, "Redirect loop: " + next + " was visited already");
        }
        redirects++;
        return next;
    }

    /** The request's headers for a URI: the configuration's, this connect's, credentials, cookies. */
    private ClientHandshakeConfig handshakeConfig(URI target) {
        ClientHandshakeConfig base = config.handshake();
        HttpHeaders.Builder all = HttpHeaders.builder();
        // credentials go to the host they were given for, never on to another one a redirect names
        boolean firstHost = sameHost(target, first.getHost());
        boolean ownAuthorization = firstHost && authorization == null;
        copy(base.headers(), all, ownAuthorization);
        copy(headers, all, ownAuthorization);
        if (authorization != null && sameHost(target, authorizedHost)) {
            all.add(AUTHORIZATION, authorization);
        }
        addCookies(target, all);
        return new ClientHandshakeConfig(base.origin(), base.subprotocols(), base.extensions(), all.build(),
            base.keys(), base.limits());
    }

    private static boolean sameHost(URI target, String host) {
        return target.getHost() != null && target.getHost().equalsIgnoreCase(host);
    }

    private static void copy(HttpHeaders from, HttpHeaders.Builder to, boolean withAuthorization) {
        from.forEach((name, value) -> {
            if (withAuthorization || !name.equalsIgnoreCase(AUTHORIZATION)) {
                to.add(name, value);
            }
        });
    }

    private void addCookies(URI target, HttpHeaders.Builder to) {
        if (config.cookies() == null) {
            return;
        }
        try {
            config.cookies().get(httpUri(target), Map.of()).forEach((name, values) -> {
                if (name.equalsIgnoreCase("Cookie") && !values.isEmpty()) {
                    // RFC 6265 §5.4: one Cookie header, its pairs separated by "; "
                    to.add("Cookie", String.join("; ", values));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Cookie handler failed for " + target, e);
        }
    }

    private void responded(URI target, HandshakeResponse response) {
        if (config.cookies() == null) {
            return;
        }
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().forEach((name, value) ->
            fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value));
        try {
            config.cookies().put(httpUri(target), fields);
        } catch (IOException e) {
            // not failed here: this runs under the connection's lock, which abandoning the attempt takes
            cookieFailure = e;
        }
    }

    /** The http(s) URI a cookie store knows: {@code wss} is secure as {@code https} is (RFC 6455 §4.1). */
    private static URI httpUri(URI target) {
        String rest = target.toString().substring(target.getScheme().length());
        return URI.create((isSecure(target) ? "https" : "http") + rest);
    }

    private static boolean isSecure(URI target) {
        return target.getScheme().equalsIgnoreCase("wss");
    }

    /** A redirect's target as a WebSocket URI: http(s) become ws(s), the fragment goes. */
    private static URI websocketUri(URI resolved) {
        String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        String mapped = switch (scheme) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> throw new IllegalArgumentException("Not a WebSocket or HTTP URI: " + resolved);
        };
        String rest = resolved.toString().substring(scheme.length());
        int hash = rest.indexOf('#');
        return withoutUserInfo(URI.create(mapped + (hash < 0 ? rest : rest.substring(0, hash))));
    }

    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String text = uri.toString();
        int start = text.indexOf("//") + 2;
        int at = text.indexOf('@', start);
        return URI.create(text.substring(0, start) + text.substring(at + 1));
    }

    static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
