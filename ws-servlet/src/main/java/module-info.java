/**
 * wskit inside a Jakarta Servlet 6 container: {@link dev.wskit.servlet.WebSocketServlet} answers the RFC 6455
 * opening handshake (§4.2) through the container's HTTP upgrade, then runs wskit's engine (§5–§7) over the
 * upgraded connection's non-blocking streams. The Servlet API is the container's: it is required, not shipped.
 */
module dev.wskit.servlet {
    requires transitive dev.wskit.transport;
    requires transitive jakarta.servlet;
    requires org.slf4j;

    exports dev.wskit.servlet;
}
