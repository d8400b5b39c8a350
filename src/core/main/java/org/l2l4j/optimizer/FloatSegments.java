package org.l2l4j.optimizer;

import java.nio.FloatBuffer;

/**
 * A run of floats addressed by 64-bit index, held as consecutive NIO float buffers (segments). One NIO buffer
 * addresses at most 2³¹ bytes, and the learned updater's state (4·hidden floats per parameter, 80 for the
 * paper's optimizer) passes that at about 6.7 million parameters. Segments are {@link #SEGMENT_FLOATS} long
 * except the last; a bulk copy that crosses from one segment into the next is split in two.
 *
 * <p>The segments are not copies: they are views of the memory they were made from. Absolute bulk copies touch
 * no buffer position, so threads may read and write disjoint ranges at once.
 */
public final class FloatSegments {

    /** 2²⁸ floats (1 GiB) per segment: a power of two, so finding a segment is a shift and a mask. */
    public static final int SEGMENT_SHIFT = 28;
    public static final int SEGMENT_FLOATS = 1 << SEGMENT_SHIFT;

    private final FloatBuffer[] segments;
    private final int shift;
    private final int segmentFloats;
    private final long length;

    /** Segments of {@link #SEGMENT_FLOATS} floats each except the last. */
    public FloatSegments(FloatBuffer... segments) {
        this(SEGMENT_SHIFT, segments);
    }

    /** Segments of 2^{@code shift} floats each except the last (small shifts let tests cross boundaries cheaply). */
    public FloatSegments(int shift, FloatBuffer... segments) {
        if (shift < 0 || shift > SEGMENT_SHIFT) {
            throw new IllegalArgumentException("segment shift must be in 0.." + SEGMENT_SHIFT + ", got " + shift);
        }
        if (segments.length == 0) {
            throw new IllegalArgumentException("at least one segment is needed (it may be empty)");
        }
        this.segments = segments.clone();
        this.shift = shift;
        this.segmentFloats = 1 << shift;
        long total = 0;
        for (int s = 0; s < segments.length; s++) {
            int capacity = segments[s].capacity();
            boolean last = s == segments.length - 1;
            if (last ? capacity > segmentFloats : capacity != segmentFloats) {
                throw new IllegalArgumentException("segment " + s + " of " + segments.length + " holds " + capacity
                        + " floats; every segment but the last must hold exactly " + segmentFloats
                        + " and the last at most that");
            }
            total += capacity;
        }
        this.length = total;
    }

    /** The floats of a heap array, as one segment (for arrays of at most {@link #SEGMENT_FLOATS}). */
    public static FloatSegments wrap(float[] array) {
        return new FloatSegments(FloatBuffer.wrap(array));
    }

    public long length() {
        return length;
    }

    /** Copies {@code count} floats from {@code index} into {@code destination[offset, offset + count)}. */
    public void get(long index, float[] destination, int offset, int count) {
        checkRange(index, count);
        while (count > 0) {
            int within = (int) (index & (segmentFloats - 1));
            int part = Math.min(count, segmentFloats - within);
            segments[(int) (index >>> shift)].get(within, destination, offset, part);
            index += part;
            offset += part;
            count -= part;
        }
    }

    /** Copies {@code source[offset, offset + count)} to the floats from {@code index}. */
    public void put(long index, float[] source, int offset, int count) {
        checkRange(index, count);
        while (count > 0) {
            int within = (int) (index & (segmentFloats - 1));
            int part = Math.min(count, segmentFloats - within);
            segments[(int) (index >>> shift)].put(within, source, offset, part);
            index += part;
            offset += part;
            count -= part;
        }
    }

    private void checkRange(long index, int count) {
        if (index < 0 || count < 0 || index + count > length) {
            throw new IndexOutOfBoundsException("floats [" + index + ", " + index + " + " + count
                    + ") out of bounds for " + length);
        }
    }
}
