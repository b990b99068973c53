package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.pubsub.redis.RedisServer;
import dev.wskit.transport.WebSocketServer;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chat app end to end in real headless Chromium: the page's own {@code WebSocket} talks to wskit. Two tabs
 * chat and see each other leave, own messages are marked, the member list stays true, input is disabled once
 * closed, the page reconnects when the server comes back, lines are stamped, the chosen name and the icon show;
 * and two chat nodes on one Redis (started by the test) share a room, a page on each seeing what the other types.
 */
class ChromiumChatTest {
    private static final String STATE = "return document.getElementById('state').textContent";
    private static final String LOG = "return document.getElementById('log').innerText";
    private static final String MEMBERS = "return document.getElementById('members').innerText";
    private static final String COUNT = "return document.getElementById('count').textContent";
    private static final String ME = "return document.getElementById('me').textContent";
    private static final String INPUT_DISABLED = "return String(document.getElementById('text').disabled)";

    private WebSocketServer server;
    private WebDriver browser;

    @BeforeEach
    void startChatAndBrowser() throws Exception {
        if (!WebDriver.isAvailable()) {
            System.err.println("*** SKIPPED ChromiumChatTest: /usr/bin/chromium or /usr/bin/chromedriver is missing "
                + "(apt-get install chromium chromium-driver; .ci/run installs them) ***");
            Assumptions.abort("Chromium is not installed");
        }
        server = startChat(0);
        browser = WebDriver.start();
    }

    @AfterEach
    void stopBrowserAndChat() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private static WebSocketServer startChat(int port) throws Exception {
        return ChatCommand.start(Options.parse(new String[] {"--port", Integer.toString(port)}, ServerSetup.VALUED,
            ServerSetup.FLAGS));
    }

    private String page() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    private void openAs(String name) throws Exception {
        browser.navigate(page() + "?name=" + name);
        browser.await(STATE, "OPEN"::equals);
        browser.await(ME, name::equals);
    }

    private static String lastLineClass(String author) {
        return "var lines = [...document.querySelectorAll('#log div')].filter(d => d.innerText.includes('"
            + author + ": ')); return lines.length ? lines[lines.length - 1].className : ''";
    }

    @Test
    void twoTabsChatSeeTheirOwnMessagesMarkedAndTheMemberListStaysTrue() throws Exception {
        String alice = browser.currentTab();
        openAs("alice");
        String bob = browser.newTab();
        browser.switchTo(bob);
        openAs("bob");
        assertEquals("bob · wskit chat", browser.script("return document.title"));
        browser.script("document.getElementById('text').value = 'hello from bob';"
            + "document.getElementById('send').click(); return 'sent'");
        browser.await(LOG, log -> log.contains("bob: hello from bob"));
        assertEquals("own", browser.script(lastLineClass("bob")));
        browser.switchTo(alice);
        browser.await(LOG, log -> log.contains("bob joined") && log.contains("bob: hello from bob"));
        assertEquals("received", browser.script(lastLineClass("bob")));
        assertEquals("alice\nbob", browser.await(MEMBERS, "alice\nbob"::equals));
        assertEquals("2", browser.script(COUNT));
        browser.switchTo(bob);
        browser.closeCurrentTab();
        browser.switchTo(alice);
        browser.await(LOG, log -> log.contains("bob left"));
        browser.await(MEMBERS, "alice"::equals);
        assertEquals("1", browser.script(COUNT));
        browser.script("document.getElementById('close').click(); return 'closing'");
        browser.await(STATE, "CLOSED"::equals);
        String log = browser.await(LOG, text -> text.contains("Closed: code 1000"));
        assertTrue(log.contains("Closed: code 1000 (Bye), clean"), log);
        assertFalse(log.contains("Reconnecting"), "a page closed by its user stays closed: " + log);
        assertEquals("true", browser.script(INPUT_DISABLED));
        assertEquals("", browser.script(MEMBERS));
        assertEquals("nobody", browser.script(COUNT));
    }

    @Test
    void everyLineIsStampedWithItsTime() throws Exception {
        openAs("carol");
        browser.script("document.getElementById('text').value = 'what time is it';"
            + "document.getElementById('send').click(); return 'sent'");
        browser.await(LOG, log -> log.contains("carol: what time is it"));
        String stamps = browser.script("return [...document.querySelectorAll('#log div')]"
            + ".map(d => d.querySelector('time') ? d.querySelector('time').textContent : 'none').join(' ')");
        assertTrue(stamps.matches("(\\d\\d:\\d\\d:\\d\\d ?)+"), stamps);
    }

    @Test
    void thePageReconnectsWithBackoffWhenTheServerComesBack() throws Exception {
        openAs("dave");
        int port = server.port();
        server.stop();
        server = null;
        String log = browser.await(LOG, text -> text.contains("Reconnecting in 1 s"));
        assertTrue(log.contains("Closed: code 1001 (Server stopping), clean"), log);
        assertEquals("true", browser.script(INPUT_DISABLED));
        assertEquals("nobody", browser.script(COUNT));
        server = startChat(port);
        browser.await(LOG, text -> text.split("Connected to", -1).length == 3);
        browser.await(STATE, "OPEN"::equals);
        browser.await(MEMBERS, "dave"::equals);
        assertEquals("false", browser.script(INPUT_DISABLED));
    }

    @Test
    void twoNodesOnOneRedisShareARoomAndKeepOtherRoomsApart() throws Exception {
        String missing = RedisServer.missing();
        if (missing != null) {
            System.err.println("*** SKIPPED the two-node case of ChromiumChatTest: " + missing + " ***");
            Assumptions.abort(missing);
        }
        try (RedisServer redis = RedisServer.start();
             ChatCommand.Node first = startNode(redis);
             ChatCommand.Node second = startNode(redis)) {
            String alice = browser.currentTab();
            browser.navigate("http://127.0.0.1:" + first.server().port() + "/?name=alice&room=ops");
            browser.await(STATE, "OPEN"::equals);
            String bob = browser.newTab();
            browser.switchTo(bob);
            browser.navigate("http://127.0.0.1:" + second.server().port() + "/?name=bob&room=ops");
            browser.await(STATE, "OPEN"::equals);
            String carol = browser.newTab();
            browser.switchTo(carol);
            browser.navigate("http://127.0.0.1:" + second.server().port() + "/?name=carol");
            browser.await(STATE, "OPEN"::equals);

            browser.switchTo(alice);
            browser.await(LOG, log -> log.contains("bob joined"));
            browser.await(MEMBERS, members -> members.contains("alice") && members.contains("bob"));
            browser.script("document.getElementById('text').value = 'hello from node one';"
                + "document.getElementById('send').click(); return 'sent'");
            browser.await(LOG, log -> log.contains("alice: hello from node one"));
            assertEquals("own", browser.script(lastLineClass("alice")));
            browser.switchTo(bob);
            browser.await(LOG, log -> log.contains("alice: hello from node one"));
            assertEquals("received", browser.script(lastLineClass("alice")));
            browser.await(MEMBERS, members -> members.contains("alice") && members.contains("bob"));
            browser.script("document.getElementById('text').value = 'hello from node two';"
                + "document.getElementById('send').click(); return 'sent'");
            browser.switchTo(alice);
            browser.await(LOG, log -> log.contains("bob: hello from node two"));
            assertEquals("received", browser.script(lastLineClass("bob")));
            browser.switchTo(carol);
            String lobby = browser.script(LOG);
            assertFalse(lobby.contains("hello from node"), "the lobby heard the ops room: " + lobby);
            assertEquals("carol", browser.script(MEMBERS));
        }
    }

    private static ChatCommand.Node startNode(RedisServer redis) throws Exception {
        return ChatCommand.startNode(Options.parse(new String[] {"--port", "0", "--redis", redis.uri()},
            ChatCommand.VALUED, ServerSetup.FLAGS), Clock.systemUTC());
    }

    @Test
    void aGuestSeesTheNameItWasGivenAndTheIconIsServed() throws Exception {
        browser.navigate(page());
        browser.await(STATE, "OPEN"::equals);
        String me = browser.await(ME, name -> name.startsWith("guest-"));
        assertTrue(me.matches("guest-\\d+"), me);
        String status = browser.script("var x = new XMLHttpRequest();"
            + "x.open('GET', document.querySelector('link[rel=icon]').href, false); x.send();"
            + "return x.status + ' ' + x.getResponseHeader('Content-Type')");
        assertEquals("200 image/svg+xml", status);
    }
}
