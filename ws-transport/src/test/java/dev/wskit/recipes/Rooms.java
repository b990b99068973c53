package dev.wskit.recipes;

import dev.wskit.transport.PreparedMessage;
import dev.wskit.transport.WebSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/* README recipe: rooms, each message encoded once and written to every member. */
// recipe:begin
final class Rooms implements WebSocket.Listener {
    private final Map<String, Set<WebSocket>> rooms = new ConcurrentHashMap<>();

    private Set<WebSocket> roomOf(WebSocket socket) {
        String room = socket.uri().getQuery() == null ? "lobby" : socket.uri().getQuery();
        return rooms.computeIfAbsent(room, name -> ConcurrentHashMap.newKeySet());
    }

    @Override
    public void onOpen(WebSocket socket) {
        roomOf(socket).add(socket);
    }

    @Override
    public void onText(WebSocket socket, String text) {
        PreparedMessage message = PreparedMessage.text(text);   // framed once, whatever the room's size
        roomOf(socket).forEach(member -> member.send(message));
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean wasClean) {
        roomOf(socket).remove(socket);
    }
}
// recipe:end
