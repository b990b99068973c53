package dev.wskit.handshake;

/**
 * The bounds an {@link HttpHeadParser} keeps to: the size of a head and the number of its header lines.
 * A head beyond them is rejected with 431 (RFC 6585 §5), or 414 when the request line alone is too long
 * (RFC 9110 §15.5.15), before more memory than the limit is used. Immutable and thread-safe.
 *
 * @param maxHeadSize the largest head accepted in bytes, start line and blank line included
 * @param maxHeaderCount the most header field lines accepted
 */
public record HeadLimits(int maxHeadSize, int maxHeaderCount) {
    /** The defaults: 8 KiB and 100 header lines, as common HTTP servers use. */
    public static final HeadLimits DEFAULT = new HeadLimits(8192, 100);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when the size is below 64 bytes or the count below 8, too small for
     *     any opening handshake
     */
    public HeadLimits {
        if (maxHeadSize < 64) {
            throw new IllegalArgumentException("maxHeadSize below 64: " + maxHeadSize);
        }
        if (maxHeaderCount < 8) {
            throw new IllegalArgumentException("maxHeaderCount below 8: " + maxHeaderCount);
        }
    }
}
