package dev.wskit.servlet;

import dev.wskit.transport.WebSocket;
import dev.wskit.transport.hosted.HostedServerCases;
import dev.wskit.transport.spi.HostedUpgrade;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/** wskit in an embedded Tomcat 11 (Servlet 6.1): the hosted-server cases. */
class TomcatServletTest extends HostedServerCases {
    private Tomcat tomcat;
    private Path baseDir;

    @Override
    protected URI start(Supplier<WebSocket.Listener> endpoint, HostedUpgrade upgrade) throws Exception {
        baseDir = Files.createTempDirectory("wskit-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "wskit", new WebSocketServlet(endpoint, upgrade)).addMapping(PATH);
        tomcat.start();
        return URI.create("ws://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @Override
    protected void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Override
    protected String hostName() {
        return WebSocketServlet.HOST_NAME;
    }
}
