/**
 * Message layer of RFC 6455: fragmentation (§5.4), text as UTF-8 (§5.6, §8.1), close-frame bodies (§5.5.1,
 * §7.4) and message size limits, on top of the frame layer.
 */
package dev.wskit.codec.message;
