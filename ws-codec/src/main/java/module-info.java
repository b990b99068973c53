/**
 * The wskit frame codec: RFC 6455 frames (§5), messages (§5.4, §8.1), the close handshake (§7) as a
 * sans-I/O engine, and the extension SPI (§9). No I/O, threads, clocks or dependencies beyond
 * {@code java.base}.
 */
module dev.wskit.codec {
    exports dev.wskit.codec;
    exports dev.wskit.codec.message;
    exports dev.wskit.codec.engine;
    exports dev.wskit.codec.spi;
}
