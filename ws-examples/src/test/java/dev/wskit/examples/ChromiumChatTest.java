package dev.wskit.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wskit.transport.WebSocketServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The chat app end to end in real headless Chromium: the page's own {@code WebSocket} talks to wskit. Two
 * tabs join, one sends and both see it, one tab closes and the other is told, the close button closes cleanly.
 */
class ChromiumChatTest {
    private static final String STATE = "return document.getElementById('state').textContent";
    private static final String LOG = "return document.getElementById('log').innerText";

    @Test
    void twoTabsChatAndSeeEachOtherLeave() throws Exception {
        if (!WebDriver.isAvailable()) {
            System.err.println("*** SKIPPED ChromiumChatTest: /usr/bin/chromium or /usr/bin/chromedriver is missing "
                + "(apt-get install chromium chromium-driver; .ci/run installs them) ***");
            Assumptions.abort("Chromium is not installed");
        }
        WebSocketServer server = ChatCommand.start(Options.parse(new String[] {"--port", "0"}, ServerSetup.VALUED,
            ServerSetup.FLAGS));
        try (WebDriver browser = WebDriver.start()) {
            String page = "http://127.0.0.1:" + server.port() + "/";
            String alice = browser.currentTab();
            browser.navigate(page + "?name=alice");
            browser.await(STATE, "OPEN"::equals);
            String bob = browser.newTab();
            browser.switchTo(bob);
            browser.navigate(page + "?name=bob");
            browser.await(STATE, "OPEN"::equals);
            browser.script("document.getElementById('text').value = 'hello from bob';"
                + "document.getElementById('send').click(); return 'sent'");
            browser.await(LOG, log -> log.contains("bob: hello from bob"));
            browser.switchTo(alice);
            browser.await(LOG, log -> log.contains("bob joined") && log.contains("bob: hello from bob"));
            browser.switchTo(bob);
            browser.closeCurrentTab();
            browser.switchTo(alice);
            browser.await(LOG, log -> log.contains("bob left"));
            browser.script("document.getElementById('close').click(); return 'closing'");
            browser.await(STATE, "CLOSED"::equals);
            String log = browser.await(LOG, text -> text.contains("Closed: code 1000"));
            assertTrue(log.contains("Closed: code 1000 (Bye), clean"), log);
        } finally {
            server.stop();
        }
    }
}
