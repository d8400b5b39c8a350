package org.l2l4j.optimizer;

/**
 * How the fast kernels ({@link StepKernel}, and meta-training's unroll) cut coordinates into tiles and lay out
 * each tile's LSTM state. It is also the layout of the learned updater's state in DL4J's updater-state array,
 * so {@link #TILE} is part of the saved-state format: changing it changes what saved models mean.
 *
 * <p>The N coordinates form tiles of {@link #TILE} (the last may be shorter, m coordinates). With S state rows per
 * coordinate ({@link OptimizerShape#stateSize()}), tile t occupies {@code [t·TILE·S, (t·TILE + m)·S)} of the
 * state, as S rows of m floats: rows 0..H-1 are h of layer 1, then c of layer 1, h of layer 2 and c of layer 2,
 * then the preprocessing's moments m₁, m₂, v if it keeps them (see {@link StateRows}).
 */
public final class TileLayout {

    /** Coordinates per tile; part of the saved-state format. */
    public static final int TILE = 128;

    private TileLayout() {
    }

    /** Number of tiles that cover {@code count} coordinates. */
    public static int tiles(int count) {
        return (count + TILE - 1) / TILE;
    }

    /**
     * Where share {@code w} of {@code shares} begins when {@code count} coordinates are split into shares of
     * whole tiles (one per thread); share w is {@code [shareStart(w), shareStart(w + 1))}, possibly empty.
     */
    public static int shareStart(int count, int shares, int w) {
        long tilesPerShare = (tiles(count) + shares - 1) / shares;
        return (int) Math.min(count, w * tilesPerShare * TILE);
    }

    /** Index in the state of the tile that begins at coordinate {@code tileStart}. */
    public static long tileStateOffset(int tileStart, int stateSize) {
        return (long) tileStart * stateSize;
    }

    /**
     * Index in the state of {@code count} coordinates of state row {@code row} (0..S-1: h1, c1, h2, c2 by unit,
     * then the moments) of {@code coordinate}.
     */
    public static long stateIndex(int coordinate, int row, int count, int stateSize) {
        int tileStart = coordinate - coordinate % TILE;
        int tileLength = Math.min(TILE, count - tileStart);
        return tileStateOffset(tileStart, stateSize) + (long) row * tileLength + (coordinate - tileStart);
    }

    /**
     * The parts of a coordinate's state as views of its rows: the same arrays, not copies. {@code moments} is
     * empty for a preprocessing that keeps none.
     */
    public record StateRows(float[][] h1, float[][] c1, float[][] h2, float[][] c2, float[][] moments) {

        public static StateRows of(float[][] rows, OptimizerShape shape) {
            if (rows.length != shape.stateSize()) {
                throw new IllegalArgumentException("the state of " + shape + " has " + shape.stateSize()
                        + " rows, got " + rows.length);
            }
            int hidden = shape.hiddenSize();
            return new StateRows(Rows.slice(rows, 0, hidden), Rows.slice(rows, hidden, 2 * hidden),
                    Rows.slice(rows, 2 * hidden, 3 * hidden), Rows.slice(rows, 3 * hidden, 4 * hidden),
                    Rows.slice(rows, 4 * hidden, rows.length));
        }
    }
}
