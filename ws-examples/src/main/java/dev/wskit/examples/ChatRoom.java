package dev.wskit.examples;

import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The chat room: everyone connected to {@code /chat} receives every message, and hears who joins and leaves.
 * Each event is a small JSON object encoded once and written to every member (a broadcast). Thread-safe.
 */
final class ChatRoom {
    private final Set<WebSocket> members = ConcurrentHashMap.newKeySet();
    private final AtomicInteger guests = new AtomicInteger();

    WebSocket.Listener newMember() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                String name = nameFrom(socket.uri());
                socket.attributes().put("name", name);
                members.add(socket);
                broadcast(event("join", name, name + " joined"));
            }

            @Override
            public void onText(WebSocket socket, String text) {
                broadcast(event("message", (String) socket.attributes().get("name"), text));
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                if (members.remove(socket)) {
                    String name = (String) socket.attributes().get("name");
                    broadcast(event("leave", name, name + " left"));
                }
            }
        };
    }

    int size() {
        return members.size();
    }

    private void broadcast(String json) {
        PreparedMessage message = PreparedMessage.text(json);
        for (WebSocket member : members) {
            member.send(message);
        }
    }

    private String event(String type, String from, String text) {
        return "{\"type\":\"" + type + "\",\"from\":\"" + escape(from) + "\",\"text\":\"" + escape(text)
            + "\",\"members\":" + members.size() + "}";
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
