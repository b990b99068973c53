package dev.wskit.examples;

import dev.wskit.pubsub.InProcessBackplane;
import dev.wskit.pubsub.Topics;
import dev.wskit.pubsub.spi.Backplane;
import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat: rooms, each a topic. A member joins the room named in its URI ({@code ?room=}, the lobby by default)
 * and receives every message of that room, and hears who joins and leaves. Each event is a small JSON object,
 * published once to the room's topic, carrying the sender's id and name, the server's time and the names of the
 * room's members on this node, so that a page can mark its own messages, stamp each line and keep its member list
 * true. A new member is first told its own id and name ({@code welcome}).
 *
 * <p><b>Across nodes.</b> With a backplane between nodes (Redis), events also carry the node's id ({@code node}),
 * member ids are unique per node, and a page builds the room's member list from the lists each node sent last. A
 * node that hears another node's {@code join} answers with a {@code presence} event listing its own members of the
 * room, so that a newcomer elsewhere learns who is here. A node that dies without a word leaves its members on the
 * others' pages until the pages reconnect.
 *
 * <p>Thread-safe: events are made and published one at a time, so every member receives its node's member lists in
 * the order they changed.
 */
final class ChatRoom implements AutoCloseable {
    static final String LOBBY = "lobby";
    private static final Logger LOG = LoggerFactory.getLogger(ChatRoom.class);
    private static final String TOPIC_PREFIX = "chat:";

    private final Clock clock;
    private final String node;
    private final Topics topics;
    private final Map<String, Map<Integer, String>> rooms = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger guests = new AtomicInteger();
    private final ReentrantLock events = new ReentrantLock();

    /**
     * Creates the chat of a single server.
     *
     * @param clock the clock that stamps events
     */
    ChatRoom(Clock clock) {
        this(clock, new InProcessBackplane.Hub().node(), null);
    }

    /**
     * Creates the chat of one node among others.
     *
     * @param clock the clock that stamps events
     * @param backplane the nodes' backplane, closed with the chat
     * @param node this node's id in events, or {@code null} for a single server
     */
    ChatRoom(Clock clock, Backplane backplane, String node) {
        this.clock = clock;
        this.node = node;
        this.topics = Topics.create(new Overheard(backplane, this::overheard));
    }

    WebSocket.Listener newMember() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket socket) {
                int id = ids.incrementAndGet();
                String room = parameter(socket.uri(), "room", LOBBY);
                String name = parameter(socket.uri(), "name", null);
                socket.attributes().put("id", id);
                socket.attributes().put("room", room);
                join(room, id, name == null ? "guest-" + guests.incrementAndGet() : name, socket);
            }

            @Override
            public void onText(WebSocket socket, String text) {
                int id = (Integer) socket.attributes().get("id");
                String room = (String) socket.attributes().get("room");
                publish(room, "message", id, members(room).get(id), text);
            }

            @Override
            public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
                leave((String) socket.attributes().get("room"), (Integer) socket.attributes().get("id"));
            }
        };
    }

    /** Members of every room on this node. */
    int size() {
        return rooms.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void close() {
        topics.close();
    }

    private Map<Integer, String> members(String room) {
        return rooms.computeIfAbsent(room, name -> new ConcurrentSkipListMap<>());
    }

    private void join(String room, int id, String name, WebSocket socket) {
        events.lock();
        try {
            members(room).put(id, name);
            socket.send(PreparedMessage.text(event(room, "welcome", id, name, "Welcome, " + name)));
            topics.subscribe(socket, TOPIC_PREFIX + room);
            publish(room, "join", id, name, name + " joined");
        } finally {
            events.unlock();
        }
    }

    private void leave(String room, Integer id) {
        if (room == null || id == null) {
            return;
        }
        events.lock();
        try {
            String name = members(room).remove(id);
            if (name != null) {
                publish(room, "leave", id, name, name + " left");
            }
        } finally {
            events.unlock();
        }
    }

    private void publish(String room, String type, int id, String from, String text) {
        events.lock();
        try {
            topics.publish(TOPIC_PREFIX + room, PreparedMessage.text(event(room, type, id, from, text)))
                .exceptionally(failure -> {
                    LOG.warn("{} in room {} reached this node only: {}", type, room, failure.getMessage());
                    return null;
                });
        } finally {
            events.unlock();
        }
    }

    /** Another node's event: when someone joined there, tell that node's members who is here. */
    private void overheard(String topic, PreparedMessage message) {
        String room = topic.substring(TOPIC_PREFIX.length());
        String json = StandardCharsets.UTF_8.decode(message.payload()).toString();
        if (json.startsWith("{\"type\":\"join\"") && !members(room).isEmpty()) {
            publish(room, "presence", 0, "", "");
        }
    }

    private String event(String room, String type, int id, String from, String text) {
        StringJoiner names = new StringJoiner("\",\"", "[\"", "\"]").setEmptyValue("[]");
        members(room).values().forEach(name -> names.add(escape(name)));
        return "{\"type\":\"" + type + "\",\"id\":" + id + (node == null ? "" : ",\"node\":\"" + node + "\"")
            + ",\"from\":\"" + escape(from) + "\",\"text\":\"" + escape(text) + "\",\"time\":\""
            + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "\",\"members\":" + names + "}";
    }

    /** A query parameter, decoded, trimmed and at most 32 characters, or the fallback when absent or blank. */
    private static String parameter(URI uri, String key, String fallback) {
        String query = uri == null ? null : uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(key + "=") && pair.length() > key.length() + 1) {
                    String value = URLDecoder.decode(pair.substring(key.length() + 1), StandardCharsets.UTF_8).strip();
                    if (!value.isEmpty()) {
                        return value.length() > 32 ? value.substring(0, 32) : value;
                    }
                }
            }
        }
        return fallback;
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
