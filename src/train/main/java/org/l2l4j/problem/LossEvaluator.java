package org.l2l4j.problem;

/** Computes f(θ, batch) and ∇f with buffers it owns, so repeated calls allocate nothing. */
public interface LossEvaluator {

    /** Returns f(θ, batch) and writes ∇_θ f into {@code gradient}. */
    double lossAndGradient(float[] theta, Batch batch, float[] gradient);
}
