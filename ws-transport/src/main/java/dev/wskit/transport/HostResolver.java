package dev.wskit.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into an address, for a client's connect (RFC 6455 §4.1: the client opens a connection to
 * the host of the URI). It may block; the client calls it off the caller's thread, within the connect
 * timeout. Implementations are thread-safe.
 */
@FunctionalInterface
interface HostResolver {
    /** The JDK's resolver ({@link InetAddress#getByName}): literal addresses as they are, names by lookup. */
    HostResolver SYSTEM = InetAddress::getByName;

    /**
     * Resolves a host.
     *
     * @param host a host name or a literal address, without brackets
     * @return the address to connect to
     * @throws UnknownHostException when the host has no address
     */
    InetAddress resolve(String host) throws UnknownHostException;
}
