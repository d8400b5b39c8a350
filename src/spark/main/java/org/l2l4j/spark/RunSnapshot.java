package org.l2l4j.spark;

import java.io.Serializable;

/**
 * One optimizee run between two truncations, as a value Spark can cache, recompute and move: the run's problem
 * and seed, how many minibatches it has consumed and optimizer steps it has taken (which a warm-up reads), θ and
 * the LSTM state (rows h1, c1, h2, c2 by unit). A fresh run has no θ yet: the executor draws θ_0 from the seed.
 * Snapshots are never changed once made, because Spark may hand the same cached object to a recomputation.
 */
record RunSnapshot(int problemIndex, long seed, long batchesUsed, long steps, float[] theta, float[][] lstmState)
        implements Serializable {

    static RunSnapshot fresh(int problemIndex, long seed) {
        return new RunSnapshot(problemIndex, seed, 0, 0, null, null);
    }

    boolean isFresh() {
        return theta == null;
    }
}
