package dev.wskit.examples;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the W3C WebDriver protocol, spoken over HTTP to Debian's chromedriver, to drive headless
 * Chromium through the chat page: open tabs, run scripts, close tabs. No Selenium: a few requests suffice.
 */
final class WebDriver implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Pattern STRING_VALUE = Pattern.compile("\"value\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern SESSION = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern HANDLE = Pattern.compile("\"handle\"\\s*:\\s*\"([^\"]+)\"");

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String session;

    private WebDriver(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    static boolean isAvailable() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static WebDriver start() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String base = "http://127.0.0.1:" + port;
        awaitReady(base);
        Path profile = Files.createTempDirectory("wskit-chromium");
        String capabilities = """
            {"capabilities":{"alwaysMatch":{"browserName":"chrome","goog:chromeOptions":{"binary":"%s","args":[
            "--headless=new","--no-sandbox","--disable-gpu","--disable-quic","--no-first-run",
            "--disable-background-networking","--disable-component-update","--disable-sync",
            "--disable-dev-shm-usage","--user-data-dir=%s"]}}}}""".formatted(CHROMIUM, profile);
        String created = post(HttpClient.newHttpClient(), base + "/session", capabilities);
        Matcher matcher = SESSION.matcher(created);
        if (!matcher.find()) {
            driver.destroyForcibly();
            throw new IOException("chromedriver did not start a session: " + created);
        }
        return new WebDriver(driver, base, matcher.group(1));
    }

    private static void awaitReady(String base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
                if (status.body().contains("\"ready\":true") || status.body().contains("\"ready\": true")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("chromedriver not ready within 20 s");
    }

    void navigate(String url) throws Exception {
        command("POST", "/url", "{\"url\":\"" + url + "\"}");
    }

    String currentTab() throws Exception {
        return stringValue(command("GET", "/window", null));
    }

    String newTab() throws Exception {
        Matcher matcher = HANDLE.matcher(command("POST", "/window/new", "{\"type\":\"tab\"}"));
        if (!matcher.find()) {
            throw new IOException("no handle for the new tab");
        }
        return matcher.group(1);
    }

    void switchTo(String tab) throws Exception {
        command("POST", "/window", "{\"handle\":\"" + tab + "\"}");
    }

    void closeCurrentTab() throws Exception {
        command("DELETE", "/window", null);
    }

    String script(String body) throws Exception {
        String json = "{\"script\":\"" + body.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"args\":[]}";
        return stringValue(command("POST", "/execute/sync", json));
    }

    String await(String body, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = script(body);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Condition not met within 30 s; last value: " + last);
    }

    private String command(String method, String path, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/session/" + session + path))
            .timeout(Duration.ofSeconds(30));
        request = switch (method) {
            case "POST" -> request.POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
            case "DELETE" -> request.DELETE();
            default -> request.GET();
        };
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("WebDriver " + method + " " + path + " failed: " + response.body());
        }
        return response.body();
    }

    private static String post(HttpClient client, String url, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String stringValue(String response) {
        Matcher matcher = STRING_VALUE.matcher(response);
        if (!matcher.find()) {
            return "";
        }
        return unescape(matcher.group(1));
    }

    private static String unescape(String json) {
        StringBuilder out = new StringBuilder(json.length());
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c != '\\' || i + 1 >= json.length()) {
                out.append(c);
                continue;
            }
            char next = json.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'u' -> {
                    out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + "/session/" + session)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // the driver is destroyed next anyway
        } finally {
            driver.destroy();
        }
    }
}
