package org.l2l4j.optimizer;

import java.util.Arrays;

/** Groups of rows (one float array per quantity, see {@link TiledLstm}) viewed together without copying data. */
public final class Rows {

    private Rows() {
    }

    /** The rows of {@code a} followed by those of {@code b}: the same arrays, not copies of them. */
    public static float[][] concat(float[][] a, float[][] b) {
        float[][] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Rows [from, to) of {@code rows}: the same arrays. */
    public static float[][] slice(float[][] rows, int from, int to) {
        return Arrays.copyOfRange(rows, from, to);
    }
}
