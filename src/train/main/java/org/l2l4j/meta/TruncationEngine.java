package org.l2l4j.meta;

import org.l2l4j.optimizer.LearnedOptimizer;

/**
 * Computes one truncation of meta-training: advances a run by the engine's {@code unroll} optimizer steps and
 * returns the meta-loss over f(θ_0..θ_T) with, if asked, its first-order gradient in φ. {@link Engine} chooses
 * the implementation.
 */
public interface TruncationEngine {

    /** The meta-loss Σ_t f(θ_t), each f(θ_t), and (when asked) dL/dφ in φ's flat layout. */
    record Result(double metaLoss, double[] losses, double[] phiGradient) {
    }

    /** Rows of LSTM state per coordinate that a {@link RunState} for this engine carries. */
    int stateRows();

    /**
     * Runs the truncation's optimizer steps of {@code run} with φ, advancing its θ and LSTM state, and returns
     * the meta-loss with, if {@code withGradient}, its first-order gradient in φ.
     */
    Result unroll(LearnedOptimizer phi, RunState run, boolean withGradient);
}
