package dev.wskit.examples;

import dev.wskit.codec.engine.ReadyState;
import dev.wskit.handshake.HttpHeaders;
import dev.wskit.transport.ReconnectPolicy;
import dev.wskit.transport.Reconnector;
import dev.wskit.transport.WebSocket;
import dev.wskit.transport.WebSocketClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code client URL}: a command-line client in the manner of wscat and websocat. Each line read (typed or
 * piped) is sent as a text message or is a {@link ClientLine} command; what arrives is printed. The client
 * exits as soon as the server closes; at the end of its input it waits for replies ({@link ReplyWait}),
 * closes with {@code --close-code} and waits for the close handshake. Exit status 0 after a clean close.
 */
final class ClientCommand extends Command {
    private static final Set<String> VALUED = Set.of("connect", "subprotocol", "header", "transport", "origin",
        "close-code", "close-reason", "ping-interval", "connect-timeout", "tls-timeout", "handshake-timeout", "linger",
        "execute", "wait", "proxy", "auth");
    private static final Set<String> FLAGS = Set.of("no-check", "insecure", "deflate", "raw", "show-ping-pong",
        "follow-redirects", "reconnect", "version", "help");
    private static final Map<Character, String> ALIASES = Map.of('c', "connect", 'H', "header", 's', "subprotocol",
        'n', "no-check", 'x', "execute", 'w', "wait", 'P', "show-ping-pong", 'r', "raw", 'h', "help",
        'L', "follow-redirects");
    private static final Duration REPLY_LIMIT = Duration.ofSeconds(10);
    private static final ReconnectPolicy RECONNECT = new ReconnectPolicy(Duration.ofMillis(500),
        Duration.ofSeconds(30), 2, 0.2, 10);

    private final InputStream in;

    ClientCommand(InputStream in) {
        this.in = in;
    }

    @Override
    String usage() {
        return """
            Usage: java -jar wskit-examples.jar client URL [options]
                   java -jar wskit-examples.jar client -c URL [options]

            Sends each line of input as a text message and prints what arrives; exits when the server closes.
            URL is ws://HOST[:PORT]/PATH, wss://..., or a bare HOST:PORT[/PATH] (ws:// is assumed).
            Lines starting with / are commands:
              /hex HEX      send a binary message given in hex     /base64 B64   ... given in base64
              /ping [text]  send a Ping                            /pong [text]  send an unsolicited Pong
              /close [code [reason]]  close; any code valid on the wire (1000-1003, 1007-1014, 3000-4999)
              //text        send a text message that starts with /

              -c, --connect URL           the URL, instead of the argument
              -H, --header 'Name: value'  add a request header, e.g. Authorization or Cookie (repeatable)
              -s, --subprotocol NAME      offer a subprotocol (repeatable)
                  --auth USER:PASSWORD    send Basic credentials (Authorization: Basic ...)
                  --proxy HOST:PORT       connect through an HTTP proxy's CONNECT tunnel (TLS inside it);
                                          http://USER:PASSWORD@HOST:PORT sends it Basic credentials
              -L, --follow-redirects      follow up to 5 redirects (301, 302, 303, 307, 308); never from
                                          wss:// to ws://
                  --reconnect             when the connection drops or a connect fails, connect again after
                                          0.5 s, doubling up to 30 s, 10 tries in a row at most; not after
                                          /close, the end of input, or a 4xx refusal; lines typed while
                                          disconnected are dropped
              -n, --no-check              trust any certificate, skip hostname checks (dev servers only);
                                          --insecure is the same
              -x, --execute LINE          send LINE (text or a / command) instead of reading input, then exit
                                          once each has had a reply, or after -w seconds (repeatable)
              -w, --wait SEC              at the end of input (or of -x), keep listening SEC seconds, then close
              -P, --show-ping-pong        print every Ping and Pong received, keepalives included
                                          (Pongs to your own /ping are always printed)
              -r, --raw                   print only message payloads, one per line (binary in base64), for
                                          piping into jq; everything else goes to stderr
                  --origin ORIGIN         send an Origin header
                  --transport NAME        blocking, virtual or nio (default virtual)
                  --deflate               offer permessage-deflate (RFC 7692)
                  --ping-interval SEC     send keepalive Pings after SEC seconds without traffic
                  --close-code N          close code at the end of input (default 1000; 1001 and others allowed)
                  --close-reason TEXT     close reason at the end of input
                  --connect-timeout SEC   connect timeout: DNS, TCP and a proxy's CONNECT (default 10)
                  --tls-timeout SEC       TLS handshake timeout for wss:// (default 10)
                  --handshake-timeout SEC opening handshake timeout: the wait for the 101 (default 10)
                  --linger MS             without -x or -w: at the end of input, wait until no reply has
                                          come for MS milliseconds (default 500, at most 10 s); keepalive
                                          Pongs are not replies
                  --version               print the version
              -h, --help                  this text

            Exit status: 0 after a clean close, 1 when the connection failed or closed uncleanly, 2 on a bad
            command line. SEC may have a fraction, such as 0.5.
            """;
    }

    @Override
    Options parse(String[] args) {
        return Options.parse(args, VALUED, FLAGS, ALIASES);
    }

    @Override
    int run(Options options, PrintStream out, PrintStream err) throws Exception {
        if (options.has("version")) {
            out.println(Version.line());
            return 0;
        }
        URI uri = ClientSetup.uri(url(options));
        int closeCode = closeCode(options);
        String closeReason = closeReason(options);
        ClientPrinter printer = new ClientPrinter(out, err, options.has("raw"), options.has("show-ping-pong"),
            replyWait(options), System::nanoTime);
        WebSocketClient client = WebSocketClient.create(ClientSetup.config(options));
        if (options.has("reconnect")) {
            return runReconnecting(options, client, uri, printer, closeCode, closeReason);
        }
        WebSocket socket = client.connect(uri, printer).get(connectWaitSeconds(options), TimeUnit.SECONDS);
        ClientSession session = new ClientSession(socket, printer);
        CompletableFuture<Void> inputDone = startInput(options, session, printer);
        CompletableFuture.anyOf(inputDone, printer.closed()).get();
        if (!printer.closed().isDone()) {
            inputDone.getNow(null);
            printer.awaitReplies();
            if (socket.readyState() == ReadyState.OPEN) {
                session.close(closeCode, closeReason);
            }
        }
        return printer.closed().get(15, TimeUnit.SECONDS) ? 0 : 1;
    }

    /**
     * Runs over a {@link Reconnector}: the input goes to whichever connection is open, and the client exits when
     * its input has ended and it closed, or when the reconnector gave up (status 1, with its last failure).
     */
    private int runReconnecting(Options options, WebSocketClient client, URI uri, ClientPrinter printer,
                                int closeCode, String closeReason) throws Exception {
        Reconnector reconnector = Reconnector.start(client, uri, HttpHeaders.EMPTY, printer, RECONNECT,
            socket -> printer.problem("reconnected"));
        try {
            CompletableFuture.anyOf(printer.opened(), reconnector.terminated())
                .get(connectWaitSeconds(options) * RECONNECT.maxAttempts(), TimeUnit.SECONDS);
            if (reconnector.terminated().isDone()) {
                // it gave up before the first connection opened: the failure goes out as ExecutionException
                reconnector.terminated().get();
            }
            // the reconnector's connection, not the printer's: it is current before onReconnect runs, while the
            // printer hears of a new connection in onOpen, which may come later
            Supplier<WebSocket> open = () -> reconnector.current().orElseGet(printer::socket);
            ClientSession session = new ClientSession(open, () -> !reconnector.terminated().isDone(), printer);
            CompletableFuture<Void> inputDone = startInput(options, session, printer);
            CompletableFuture.anyOf(inputDone, reconnector.terminated()).get();
            if (!reconnector.terminated().isDone()) {
                inputDone.getNow(null);
                printer.awaitReplies();
                if (open.get().readyState() == ReadyState.OPEN) {
                    session.close(closeCode, closeReason);
                } else {
                    reconnector.close();
                }
            }
            reconnector.terminated().get(15, TimeUnit.SECONDS);
            return printer.closed().get(15, TimeUnit.SECONDS) ? 0 : 1;
        } finally {
            reconnector.close();
        }
    }

    private static long connectWaitSeconds(Options options) {
        return ClientSetup.ConnectLimits.of(options).total().toSeconds() + 10L;
    }

    private static String url(Options options) {
        List<String> urls = new ArrayList<>(options.positional());
        urls.addAll(options.all("connect"));
        if (urls.size() != 1) {
            throw new Options.UsageException("Give one URL, such as ws://127.0.0.1:8080/chat or localhost:9001");
        }
        return urls.get(0);
    }

    private static int closeCode(Options options) {
        try {
            return ClientLine.closeCode(options.get("close-code", "1000"));
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException("--close-code: " + e.getMessage());
        }
    }

    private static String closeReason(Options options) {
        try {
            return ClientLine.closeReason(options.get("close-reason", ""));
        } catch (IllegalArgumentException e) {
            throw new Options.UsageException("--close-reason: " + e.getMessage());
        }
    }

    private static ReplyWait replyWait(Options options) {
        if (options.has("wait")) {
            return ReplyWait.fixed(options.seconds("wait", Duration.ZERO));
        }
        if (options.has("execute")) {
            return ReplyWait.forReplies(expectedReplies(options.all("execute")), REPLY_LIMIT);
        }
        return ReplyWait.untilQuiet(Duration.ofMillis(options.intValue("linger", 500)), REPLY_LIMIT);
    }

    /** Counts the lines that call for a reply: messages (an echo, an answer) and Pings. */
    private static int expectedReplies(List<String> lines) {
        int count = 0;
        for (String line : lines) {
            try {
                ClientLine parsed = ClientLine.parse(line);
                if (!(parsed instanceof ClientLine.Pong || parsed instanceof ClientLine.Close)) {
                    count++;
                }
            } catch (IllegalArgumentException e) {
                // reported when it is sent, and not answered
            }
        }
        return count;
    }

    /**
     * Sends the {@code -x} lines, or the lines of input on a daemon thread (a terminal may never end its
     * input, and the client must still exit when the server closes).
     */
    private CompletableFuture<Void> startInput(Options options, ClientSession session, ClientPrinter printer) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("wskit-client-input").start(() -> {
            try {
                if (options.has("execute")) {
                    sendAll(options.all("execute"), session);
                } else {
                    sendInput(session);
                }
                printer.inputEnded();
                done.complete(null);
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static void sendAll(List<String> lines, ClientSession session) throws Exception {
        for (String line : lines) {
            if (!session.send(line)) {
                return;
            }
        }
    }

    private void sendInput(ClientSession session) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = reader.readLine()) != null && session.send(line)) {
                // each line is sent as it is read
            }
        } catch (IOException e) {
            // the input broke: treat it as its end
        }
    }
}
