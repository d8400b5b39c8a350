package org.l2l4j.optimizer;

/**
 * The fast kernels' form of the invariant that {@link OptimizerGraph} defines: a coordinate is <em>dormant</em>
 * when its gradient is exactly zero and its whole LSTM state is zero, as it is after a reset. A dormant
 * coordinate gets a step of exactly zero and keeps its zero state, so a coordinate whose gradient has been zero
 * since its state was reset never moves (a frozen layer, an embedding row never looked up, an always-blank
 * pixel's weights). Once a coordinate has seen a non-zero gradient its state is non-zero and it follows the
 * LSTM as usual, also through later zero gradients.
 *
 * <p>It is applied around the LSTM, not inside it: the kernels run the LSTM over whole tiles and then put the
 * dormant coordinates back, so the LSTM's math stays exactly that of {@link TiledLstm}.
 */
public final class DormantCoordinates {

    private DormantCoordinates() {
    }

    /**
     * Writes into {@code activity[from, to)} a value that is zero exactly for the dormant coordinates (|g|, or for
     * a zero gradient the magnitude of the first non-zero float of the state; NaN counts as active) and returns how
     * many coordinates are active.
     *
     * <p>Only the state of zero-gradient coordinates is read, and only up to its first non-zero float: nearly every
     * tile of a network has some zero gradients (blank pixels, inactive ReLUs), and summing all of every such
     * tile's state rows took 6% of the Java samples of a 784-1000-10 MLP's fit step (docs/results/benchmarks.md).
     */
    public static int mark(float[] gradient, float[][] state, float[] activity, int from, int to) {
        int zeroGradients = 0;
        for (int b = from; b < to; b++) {
            activity[b] = Math.abs(gradient[b]);
            if (gradient[b] == 0f) {
                zeroGradients++;
            }
        }
        if (zeroGradients == 0) {
            return to - from;
        }
        int dormant = 0;
        for (int b = from; b < to; b++) {
            if (activity[b] == 0f) {
                float magnitude = 0f;
                for (int r = 0; r < state.length && magnitude == 0f; r++) {
                    magnitude = Math.abs(state[r][b]);
                }
                activity[b] = magnitude;
                if (magnitude == 0f) {
                    dormant++;
                }
            }
        }
        return to - from - dormant;
    }

    /** Sets the step of every dormant coordinate to zero and its next state to zero, as it was. */
    public static void restore(float[] activity, float[] step, float[][] nextState, int from, int to) {
        for (int b = from; b < to; b++) {
            if (activity[b] == 0f) {
                step[b] = 0f;
                for (float[] row : nextState) {
                    row[b] = 0f;
                }
            }
        }
    }
}
