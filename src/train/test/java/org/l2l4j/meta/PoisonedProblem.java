package org.l2l4j.meta;

import org.l2l4j.problem.Problem;

/**
 * A problem whose run with one seed starts from a θ_0 holding a NaN, the first {@code times} times that run is
 * started: a divergence at a known epoch that a retry can get past.
 */
final class PoisonedProblem extends ForwardingProblem {

    private final long poisonedSeed;
    private int timesLeft;

    PoisonedProblem(Problem problem, long poisonedSeed, int times) {
        super(problem);
        this.poisonedSeed = poisonedSeed;
        this.timesLeft = times;
    }

    @Override
    public float[] initialParameters(long seed) {
        float[] theta = problem.initialParameters(seed);
        if (seed == poisonedSeed && timesLeft > 0) {
            timesLeft--;
            theta[0] = Float.NaN;
        }
        return theta;
    }
}
