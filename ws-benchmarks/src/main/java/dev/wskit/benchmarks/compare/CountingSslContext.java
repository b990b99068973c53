package dev.wskit.benchmarks.compare;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A JDK {@link SSLContext} whose engines count their work: every engine it makes is a {@link CountingSslEngine}
 * over the wrapped context's engine, adding to one {@link TlsCounts}. Sockets it makes are the wrapped context's
 * and are not counted (the blocking transports' {@code SSLSocket}s hide their records). Thread-safe.
 */
final class CountingSslContext extends SSLContextSpi {
    private final SSLContext context;
    private final TlsCounts counts;

    private CountingSslContext(SSLContext context, TlsCounts counts) {
        this.context = context;
        this.counts = counts;
    }

    /**
     * Wraps an initialised context.
     *
     * @param context the JDK's context, with its keys and trust
     * @param counts where every engine's calls are counted
     * @return a context that makes counting engines
     */
    static SSLContext wrap(SSLContext context, TlsCounts counts) {
        return new SSLContext(new CountingSslContext(context, counts), context.getProvider(), context.getProtocol()) {
        };
    }

    @Override
    protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
        throws KeyManagementException {
        context.init(keys, trust, random);
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return context.getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return context.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new CountingSslEngine(context.createSSLEngine(), counts);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new CountingSslEngine(context.createSSLEngine(host, port), counts);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return context.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return context.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
        return context.getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
        return context.getSupportedSSLParameters();
    }
}
