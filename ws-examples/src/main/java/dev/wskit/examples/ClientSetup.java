package dev.wskit.examples;

import dev.wskit.codec.engine.EngineConfig;
import dev.wskit.handshake.ClientHandshakeConfig;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.ChallengeHandler;
import dev.wskit.transport.ClientConfig;
import dev.wskit.transport.Transports;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/** Turns the client's command line into the URL to open and the {@link ClientConfig} to open it with. */
final class ClientSetup {
    /** How many redirects {@code --follow-redirects} follows. */
    static final int FOLLOWED_REDIRECTS = 5;

    private ClientSetup() {
    }

    /**
     * Reads the URL to connect to. A bare {@code host:port[/path]} means {@code ws://}, and {@code http://}
     * and {@code https://} stand for {@code ws://} and {@code wss://}, as browsers' developer tools show them.
     *
     * @param text the URL as given
     * @return a {@code ws} or {@code wss} URI with a path
     * @throws Options.UsageException when it is not such a URL
     */
    static URI uri(String text) {
        String url = text.contains("://") ? text : "ws://" + text;
        if (url.startsWith("http://") || url.startsWith("https://")) {
            url = "ws" + url.substring(4);
        }
        try {
            URI uri = new URI(url);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new Options.UsageException("Not a WebSocket URL (ws://HOST[:PORT]/PATH or HOST:PORT): " + text);
            }
            if (!uri.getRawPath().isEmpty()) {
                return uri;
            }
            return new URI(uri.getScheme() + "://" + uri.getRawAuthority() + "/"
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        } catch (URISyntaxException e) {
            throw new Options.UsageException("Not a WebSocket URL: " + text + " (" + e.getReason() + ")");
        }
    }

    /**
     * Builds the client configuration from the options.
     *
     * @param options the client's options
     * @return the configuration
     * @throws Exception when the insecure TLS context cannot be made
     */
    static ClientConfig config(Options options) throws Exception {
        EngineConfig.Builder engine = EngineConfig.builder().maxFramePayload(16 << 20).maxMessageSize(16 << 20);
        if (options.has("ping-interval")) {
            engine.pingInterval(positive(options, "ping-interval"));
        }
        ConnectLimits limits = ConnectLimits.of(options);
        ClientConfig.Builder builder = ClientConfig.builder()
            .transport(transport(options.get("transport", "virtual")))
            .handshake(handshake(options))
            .connection(c -> c.engine(engine.build()).handshakeTimeout(limits.handshake()))
            .connectTimeout(limits.connect())
            .tlsHandshakeTimeout(limits.tls());
        if (options.has("no-check") || options.has("insecure")) {
            builder.tls(InsecureTls.context()).verifyHostname(false);
        }
        // as with curl and wscat, a redirect is followed only when asked for
        builder.maxRedirects(options.has("follow-redirects") ? FOLLOWED_REDIRECTS : 0);
        if (options.has("proxy")) {
            proxy(options.get("proxy", null), builder);
        }
        return builder.build();
    }

    /**
     * The connect's three timeouts, from {@code --connect-timeout}, {@code --tls-timeout} and
     * {@code --handshake-timeout}, 10 s each by default.
     *
     * @param connect DNS, TCP and a proxy's {@code CONNECT}
     * @param tls the TLS handshake of {@code wss://}
     * @param handshake the opening handshake (RFC 6455 §4.1): the wait for the 101
     */
    record ConnectLimits(Duration connect, Duration tls, Duration handshake) {
        private static final Duration DEFAULT = Duration.ofSeconds(10);

        static ConnectLimits of(Options options) {
            return new ConnectLimits(options.seconds("connect-timeout", DEFAULT),
                options.seconds("tls-timeout", DEFAULT), options.seconds("handshake-timeout", DEFAULT));
        }

        /** The longest a connect can take, all three stages at their limits (a redirect's excepted). */
        Duration total() {
            return connect.plus(tls).plus(handshake);
        }
    }

    /**
     * Sends connects through an HTTP proxy given as {@code HOST:PORT} or {@code http://[USER:PASSWORD@]HOST:PORT}.
     */
    private static void proxy(String text, ClientConfig.Builder builder) {
        URI proxy;
        try {
            proxy = new URI(text.contains("://") ? text : "http://" + text);
        } catch (URISyntaxException e) {
            throw new Options.UsageException("--proxy is HOST:PORT or http://[USER:PASSWORD@]HOST:PORT, not: " + text);
        }
        if (!"http".equals(proxy.getScheme()) || proxy.getHost() == null || proxy.getPort() < 0) {
            throw new Options.UsageException("--proxy is HOST:PORT or http://[USER:PASSWORD@]HOST:PORT, not: " + text);
        }
        builder.proxy(InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort()));
        if (proxy.getUserInfo() != null) {
            String[] credentials = credentials("--proxy", proxy.getUserInfo());
            builder.proxyCredentials(credentials[0], credentials[1]);
        }
    }

    /** Splits {@code USER:PASSWORD} at its first colon. */
    private static String[] credentials(String option, String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new Options.UsageException(option + " credentials are USER:PASSWORD");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static ClientHandshakeConfig handshake(Options options) {
        ClientHandshakeConfig.Builder handshake = ClientHandshakeConfig.builder()
            .subprotocols(options.all("subprotocol"))
            .headers(headers(options));
        if (options.has("origin")) {
            handshake.origin(options.get("origin", null));
        }
        if (options.has("deflate")) {
            Compression.offer(handshake);
        }
        return handshake.build();
    }

    private static HttpHeaders headers(Options options) {
        HttpHeaders.Builder headers = HttpHeaders.builder();
        if (options.has("auth")) {
            boolean given = options.all("header").stream()
                .anyMatch(header -> header.regionMatches(true, 0, "Authorization:", 0, 14));
            if (given) {
                throw new Options.UsageException("Give --auth or an Authorization header, not both");
            }
            String[] credentials = credentials("--auth", options.get("auth", ""));
            headers.add("Authorization", ChallengeHandler.basicAuthorization(credentials[0], credentials[1]));
        }
        for (String header : options.all("header")) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new Options.UsageException("A header is 'Name: value', not: " + header);
            }
            headers.add(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        return headers.build();
    }

    private static Duration positive(Options options, String name) {
        Duration duration = options.seconds(name, Duration.ZERO);
        if (duration.isZero()) {
            throw new Options.UsageException("--" + name + " must be more than 0 seconds");
        }
        return duration;
    }

    private static dev.wskit.transport.spi.Transport transport(String name) {
        try {
            return Transports.byName(name);
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException(e.getMessage());
        }
    }
}
