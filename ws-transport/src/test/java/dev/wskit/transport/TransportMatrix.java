package dev.wskit.transport;

import dev.wskit.transport.tls.SelfSignedCertificate;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The one place the behaviour suite learns which transports to run on: every name in
 * {@link Transports#names()}, plain and over TLS, so a new transport joins every suite class by being listed
 * there. Each {@link Harness} argument is closed by JUnit after its invocation.
 */
final class TransportMatrix {
    private TransportMatrix() {
    }

    /** Every transport, plain and over TLS. */
    static Stream<Harness> all() {
        return Transports.names().stream()
            .flatMap(name -> Stream.of(new Harness(name, false), new Harness(name, true)));
    }

    /** Every transport over TLS, for tests about TLS records themselves. */
    static Stream<Harness> tls() {
        return Transports.names().stream().map(name -> new Harness(name, true));
    }

    /** Every transport over plain TCP, for tests about the transport itself rather than the bytes on it. */
    static Stream<Harness> plain() {
        return Transports.names().stream().map(name -> new Harness(name, false));
    }

    /**
     * Every transport, plain and over TLS, crossed with cases: each argument list is a fresh harness followed
     * by one case's values.
     *
     * @param cases the cases, each an array of values
     * @return the arguments
     */
    static Stream<Arguments> crossedWith(List<Object[]> cases) {
        return Transports.names().stream().flatMap(name -> Stream.of(false, true).flatMap(tls -> cases.stream()
            .map(values -> {
                Object[] arguments = new Object[values.length + 1];
                arguments[0] = new Harness(name, tls);
                System.arraycopy(values, 0, arguments, 1, values.length);
                return Arguments.of(arguments);
            })));
    }

    /**
     * Every transport over plain TCP, crossed with cases, for interop tests whose peers bring no TLS setup:
     * each argument list is a fresh harness followed by one case's values.
     *
     * @param cases the cases, each an array of values
     * @return the arguments
     */
    static Stream<Arguments> plainCrossedWith(List<Object[]> cases) {
        return Transports.names().stream().flatMap(name -> cases.stream().map(values -> {
            Object[] arguments = new Object[values.length + 1];
            arguments[0] = new Harness(name, false);
            System.arraycopy(values, 0, arguments, 1, values.length);
            return Arguments.of(arguments);
        }));
    }

    /** The certificate every TLS server of the suite presents and every TLS client trusts. */
    static SelfSignedCertificate certificate() {
        return Tls.CERTIFICATE;
    }

    /** A server context presenting {@link #certificate()}, shared by the whole suite. */
    static SSLContext serverContext() {
        return Tls.SERVER;
    }

    /** A client context trusting only {@link #certificate()}, shared by the whole suite. */
    static SSLContext clientContext() {
        return Tls.CLIENT;
    }

    private static final class Tls {
        static final SelfSignedCertificate CERTIFICATE;
        static final SSLContext SERVER;
        static final SSLContext CLIENT;

        static {
            try {
                CERTIFICATE = SelfSignedCertificate.forLocalhost();
                SERVER = CERTIFICATE.serverContext();
                CLIENT = CERTIFICATE.clientContext();
            } catch (GeneralSecurityException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
