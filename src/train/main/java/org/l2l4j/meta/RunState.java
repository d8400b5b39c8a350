package org.l2l4j.meta;

import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.Problem;

/**
 * One optimizee run in progress: θ, the LSTM state of every coordinate (rows h1, c1, h2, c2 by unit, each a
 * row of one float per coordinate) and the run's minibatch stream. It carries over between truncations.
 */
public final class RunState {

    final float[] theta;
    final float[][] lstmState;
    final BatchSource batches;

    /** A fresh run: θ_0 and batches from the seed, zero LSTM state. */
    public RunState(Problem problem, int stateRows, long seed) {
        theta = problem.initialParameters(seed);
        lstmState = new float[stateRows][theta.length];
        batches = problem.batches(seed);
    }

    /** A run in progress, taken over as it is: the arrays become this run's and change as it advances. */
    public RunState(float[] theta, float[][] lstmState, BatchSource batches) {
        for (float[] row : lstmState) {
            if (row.length != theta.length) {
                throw new IllegalArgumentException("an LSTM state row has " + row.length + " coordinates, θ has "
                        + theta.length);
            }
        }
        this.theta = theta;
        this.lstmState = lstmState;
        this.batches = batches;
    }

    public float[] theta() {
        return theta;
    }

    /** Rows h1, c1, h2, c2 by unit, one float per coordinate each. */
    public float[][] lstmState() {
        return lstmState;
    }
}
