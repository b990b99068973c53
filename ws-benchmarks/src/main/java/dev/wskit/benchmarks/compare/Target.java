package dev.wskit.benchmarks.compare;

import dev.wskit.transport.Transports;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server under comparison, named as on the command line: {@code raw-tcp} (a TCP echo with no WebSocket at
 * all, the ceiling), {@code netty[-tls][-deflate]} (Netty's WebSocket server, the reference) or
 * {@code jetty[-tls][-deflate]} and {@code vertx[-tls][-deflate]} (Jetty 12's and Vert.x's WebSocket servers, the
 * other peers) or {@code wskit-TRANSPORT[-tls][-deflate]} for each of {@link Transports#names()}. Immutable.
 *
 * @param server which implementation serves
 * @param transport the wskit transport's name, empty for the others
 * @param tls whether connections use TLS
 * @param deflate whether permessage-deflate (RFC 7692) is negotiated
 */
record Target(Server server, String transport, boolean tls, boolean deflate) {

    /** The implementations compared. */
    enum Server {
        /** A raw TCP echo: the same bytes back, no WebSocket. */
        RAW,
        /** Netty's WebSocket server. */
        NETTY,
        /** Jetty 12's WebSocket server, through its Jetty API. */
        JETTY,
        /** Vert.x's WebSocket server. */
        VERTX,
        /** A wskit {@code WebSocketServer}. */
        WSKIT
    }

    /**
     * Checks the combination.
     *
     * @throws IllegalArgumentException when a raw target asks for TLS or deflate, or a wskit one lacks a transport
     */
    Target {
        if (server == Server.RAW && (tls || deflate)) {
            throw new IllegalArgumentException("The raw TCP echo has neither TLS nor deflate");
        }
        if ((server == Server.WSKIT) == transport.isEmpty()) {
            throw new IllegalArgumentException("Only wskit targets name a transport: " + server + " " + transport);
        }
    }

    /**
     * Parses a target's name.
     *
     * @param name such as {@code raw-tcp}, {@code netty-tls} or {@code wskit-nio-deflate}
     * @return the target
     * @throws IllegalArgumentException for an unknown name or transport
     */
    static Target parse(String name) {
        if (name.equals("raw-tcp")) {
            return new Target(Server.RAW, "", false, false);
        }
        String rest = name;
        boolean deflate = rest.endsWith("-deflate");
        rest = deflate ? rest.substring(0, rest.length() - "-deflate".length()) : rest;
        boolean tls = rest.endsWith("-tls");
        rest = tls ? rest.substring(0, rest.length() - "-tls".length()) : rest;
        for (Server peer : List.of(Server.NETTY, Server.JETTY, Server.VERTX)) {
            if (rest.equals(peer.name().toLowerCase(Locale.ROOT))) {
                return new Target(peer, "", tls, deflate);
            }
        }
        if (rest.startsWith("wskit-") && Transports.names().contains(rest.substring("wskit-".length()))) {
            return new Target(Server.WSKIT, rest.substring("wskit-".length()), tls, deflate);
        }
        throw new IllegalArgumentException("Unknown target: " + name + "; known: raw-tcp, "
            + "{netty,jetty,vertx}[-tls][-deflate], "
            + "wskit-{" + String.join(",", Transports.names()) + "}[-tls][-deflate]");
    }

    /**
     * Makes a wskit target.
     *
     * @param transport the transport's name
     * @param tls whether to use TLS
     * @param deflate whether to use permessage-deflate
     * @return the target
     */
    static Target wskit(String transport, boolean tls, boolean deflate) {
        return new Target(Server.WSKIT, transport, tls, deflate);
    }

    /**
     * Makes a Netty target.
     *
     * @param tls whether to use TLS
     * @param deflate whether to use permessage-deflate
     * @return the target
     */
    static Target netty(boolean tls, boolean deflate) {
        return new Target(Server.NETTY, "", tls, deflate);
    }

    /**
     * Makes a target for one of the other peers (Netty, Jetty or Vert.x).
     *
     * @param peer the peer's server
     * @param tls whether to use TLS
     * @param deflate whether to use permessage-deflate
     * @return the target
     */
    static Target peer(Server peer, boolean tls, boolean deflate) {
        return new Target(peer, "", tls, deflate);
    }

    /**
     * Makes the raw TCP echo target.
     *
     * @return the target
     */
    static Target rawTcp() {
        return new Target(Server.RAW, "", false, false);
    }

    /**
     * Lists every target: the raw echo, then Netty, Jetty, Vert.x and each wskit transport, plain, with TLS and
     * with deflate.
     *
     * @return the targets in report order
     */
    static List<Target> all() {
        List<Target> targets = new ArrayList<>();
        targets.add(rawTcp());
        for (boolean[] variant : new boolean[][] {{false, false}, {true, false}, {false, true}}) {
            for (Server peer : List.of(Server.NETTY, Server.JETTY, Server.VERTX)) {
                targets.add(peer(peer, variant[0], variant[1]));
            }
            for (String transport : Transports.names()) {
                targets.add(wskit(transport, variant[0], variant[1]));
            }
        }
        return targets;
    }

    /**
     * Tells whether the server speaks WebSocket (everything but the raw echo).
     *
     * @return true for all but the raw echo
     */
    boolean isWebSocket() {
        return server != Server.RAW;
    }

    /**
     * Returns the target's name, as {@link #parse} reads it.
     *
     * @return the name
     */
    String name() {
        String base = switch (server) {
            case RAW -> "raw-tcp";
            case NETTY -> "netty";
            case JETTY -> "jetty";
            case VERTX -> "vertx";
            case WSKIT -> "wskit-" + transport;
        };
        return base + (tls ? "-tls" : "") + (deflate ? "-deflate" : "");
    }

    @Override
    public String toString() {
        return name();
    }
}
