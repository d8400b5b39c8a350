package org.l2l4j.meta;

import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.Problem;

/**
 * One optimizee run in progress: θ, the LSTM state of every coordinate (rows h1, c1, h2, c2 by unit, each a
 * row of one float per coordinate), the run's minibatch stream and how many optimizer steps it has taken. It
 * carries over between truncations.
 */
public final class RunState {

    final float[] theta;
    final float[][] lstmState;
    final BatchSource batches;
    /** Optimizer steps taken so far: the index of the run's next step, which a warm-up reads. */
    long steps;

    /** A fresh run: θ_0 and batches from the seed, zero LSTM state. */
    public RunState(Problem problem, int stateRows, long seed) {
        theta = problem.initialParameters(seed);
        lstmState = new float[stateRows][theta.length];
        batches = problem.batches(seed);
    }

    /**
     * A run in progress after {@code steps} optimizer steps, taken over as it is: the arrays become this run's and
     * change as it advances.
     */
    public RunState(float[] theta, float[][] lstmState, BatchSource batches, long steps) {
        for (float[] row : lstmState) {
            if (row.length != theta.length) {
                throw new IllegalArgumentException("an LSTM state row has " + row.length + " coordinates, θ has "
                        + theta.length);
            }
        }
        this.theta = theta;
        this.lstmState = lstmState;
        this.batches = batches;
        this.steps = steps;
    }

    public float[] theta() {
        return theta;
    }

    public long steps() {
        return steps;
    }

    /** Rows h1, c1, h2, c2 by unit, one float per coordinate each. */
    public float[][] lstmState() {
        return lstmState;
    }
}
