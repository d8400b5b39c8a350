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

    public float[] theta() {
        return theta;
    }
}
