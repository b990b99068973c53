/**
 * Frame layer of RFC 6455: frame syntax (§5.2), masking (§5.3), control-frame and reserved-bit rules
 * (§5.5, §5.8), close codes (§7.4), and the building blocks that check them: {@link dev.wskit.codec.FrameDecoder},
 * {@link dev.wskit.codec.FrameEncoder}, {@link dev.wskit.codec.Masker} and {@link dev.wskit.codec.Utf8Validator}.
 */
package dev.wskit.codec;
