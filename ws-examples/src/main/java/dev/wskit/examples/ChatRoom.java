package dev.wskit.examples;

import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The chat room: everyone connected to {@code /chat} receives every message, and hears who joins and leaves.
 * Each event is a small JSON object, encoded once and written to every member (a broadcast), carrying the
 * sender's id and name, the server's time and the names of everyone present, so that a page can mark its own
 * messages, stamp each line and keep its member list true. A new member is first told its own id and name
 * ({@code welcome}). Thread-safe: events are made and queued one at a time, so every member receives the
 * member lists in the order they changed.
 */
final class ChatRoom {
    private final Clock clock;
    private final Map<Integer, String> members = new ConcurrentSkipListMap<>();
    private final Map<Integer, WebSocket> sockets = new ConcurrentSkipListMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger guests = new AtomicInteger();
    private final ReentrantLock events = new ReentrantLock();

    /**
     * Creates an empty room.
     *
     * @param clock the clock that stamps events
     */
    ChatRoom(Clock clock) {
        this.clock = clock;
    }

    WebSocket.Listener newMember() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                int id = ids.incrementAndGet();
                String name = nameFrom(socket.uri());
                socket.attributes().put("id", id);
                join(id, name, socket);
            }

            @Override
            public void onText(WebSocket socket, String text) {
                int id = (Integer) socket.attributes().get("id");
                broadcast("message", id, members.get(id), text);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                leave((Integer) socket.attributes().get("id"));
            }
        };
    }

    int size() {
        return members.size();
    }

    private void join(int id, String name, WebSocket socket) {
        events.lock();
        try {
            members.put(id, name);
            socket.send(PreparedMessage.text(event("welcome", id, name, "Welcome, " + name)));
            sockets.put(id, socket);
            broadcast("join", id, name, name + " joined");
        } finally {
            events.unlock();
        }
    }

    private void leave(Integer id) {
        events.lock();
        try {
            String name = id == null ? null : members.remove(id);
            if (name != null) {
                sockets.remove(id);
                broadcast("leave", id, name, name + " left");
            }
        } finally {
            events.unlock();
        }
    }

    private void broadcast(String type, int id, String from, String text) {
        events.lock();
        try {
            PreparedMessage message = PreparedMessage.text(event(type, id, from, text));
            for (WebSocket member : sockets.values()) {
                member.send(message);
            }
        } finally {
            events.unlock();
        }
    }

    private String event(String type, int id, String from, String text) {
        StringJoiner names = new StringJoiner("\",\"", "[\"", "\"]").setEmptyValue("[]");
        members.values().forEach(name -> names.add(escape(name)));
        return "{\"type\":\"" + type + "\",\"id\":" + id + ",\"from\":\"" + escape(from) + "\",\"text\":\""
            + escape(text) + "\",\"time\":\"" + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "\",\"members\":"
            + names + "}";
    }
    private String nameFrom(URI uri) {
        String query = uri == null ? null : uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("name=") && pair.length() > 5) {
                    String name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8).strip();
                    if (!name.isEmpty()) {
                        return name.length() > 32 ? name.substring(0, 32) : name;
                    }
                }
            }
        }
        return "guest-" + guests.incrementAndGet();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
