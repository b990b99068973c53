package dev.wskit.benchmarks.compare;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens the load generator's connections to one target: TCP with Nagle off, then TLS (trusting only the
 * server's self-signed certificate) and the WebSocket upgrade as the target needs. Thread-safe.
 */
final class Connector {
    /** Ends connection attempts that hang (a server out of file descriptors accepts nothing and says nothing). */
    private static final long OPEN_TIMEOUT_SECONDS = 15;
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeouts();

    private final Target target;
    private final InetSocketAddress address;
    private final SSLContext tls;

    /**
     * Creates a connector.
     *
     * @param target the target, telling whether TLS, WebSocket and deflate apply
     * @param address the server's address
     * @param tls the client TLS context, or {@code null} for plain targets
     */
    Connector(Target target, InetSocketAddress address, SSLContext tls) {
        this.target = target;
        this.address = address;
        this.tls = tls;
    }

    /**
     * Builds a client TLS context trusting one certificate.
     *
     * @param der the certificate, DER-encoded
     * @return the context
     * @throws GeneralSecurityException when the certificate cannot be read
     * @throws IOException when the trust store cannot be set up
     */
    static SSLContext trusting(byte[] der) throws GeneralSecurityException, IOException {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * Opens one connection, blocking until it is ready for messages.
     *
     * @param path the WebSocket request path ({@code /echo} or {@code /sink}); ignored for the raw echo
     * @return the blocking link
     * @throws IOException when connecting, TLS or the upgrade fails
     */
    Link open(String path) throws IOException {
        SocketChannel channel = SocketChannel.open();
        ScheduledFuture<?> timeout = TIMEOUTS.schedule(() -> closeQuietly(channel), OPEN_TIMEOUT_SECONDS,
            TimeUnit.SECONDS);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(address);
            Link link = tls == null ? new PlainLink(channel) : TlsLink.handshake(channel, engine());
            if (target.isWebSocket()) {
                Upgrade.perform(link, path, address.getPort(), target.deflate());
            }
            return link;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } finally {
            timeout.cancel(false);
        }
    }

    /**
     * Opens many connections, four at a time; those that fail are left out and the first failure described.
     *
     * @param count how many
     * @param path the request path
     * @param failures where the first failure's description goes, when there is one
     * @return the links opened, possibly fewer than asked for
     */
    List<Link> openAll(int count, String path, List<String> failures) {
        List<Link> links = new ArrayList<>(count);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Link>> opening = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                opening.add(pool.submit(() -> open(path)));
            }
            for (Future<Link> future : opening) {
                collect(future, links, failures);
            }
        }
        return links;
    }

    private static void collect(Future<Link> future, List<Link> links, List<String> failures) {
        try {
            links.add(future.get());
        } catch (ExecutionException e) {
            if (failures.isEmpty()) {
                failures.add(e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        }
    }

    private static ScheduledThreadPoolExecutor timeouts() {
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().name("connect-timeouts").daemon().factory());
        timeouts.setRemoveOnCancelPolicy(true);
        return timeouts;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // The attempt is abandoned either way.
        }
    }

    private SSLEngine engine() {
        SSLEngine engine = tls.createSSLEngine("localhost", address.getPort());
        engine.setUseClientMode(true);
        return engine;
    }
}
