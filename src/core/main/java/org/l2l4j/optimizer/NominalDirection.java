package org.l2l4j.optimizer;

/**
 * How the general optimizer turns its two LSTM outputs o₁, o₂ into a step around a hand-designed direction
 * (Metz et al. 2020/2022): step = −η · e^(c·tanh o₂) · (d + α·tanh o₁), where d = m/(√v + ε) is Adam's
 * direction from the moments of {@link GradientPreprocessing.Kind#MOMENTS} and η is the shape's output scale.
 * With both outputs at zero the step is Adam's at learning rate η; whatever the LSTM outputs, the step length
 * stays within e^±c of η times |d| + α, so a case unlike any it was trained on degrades toward Adam rather than
 * diverging (the bounded update of Lv et al. 2017).
 *
 * <p>With a warm-up of K steps the factor's range grows over the first K steps of a run: at step t (from 0) it is
 * c_t = c·min(1, (t + 1)/K) ({@link #scaleRangeAt}). In a run's first steps a coordinate's state has seen too
 * little to tell one network from another, and a full-range factor there set off LeNet-5's early loss spikes
 * (docs/results/general/README.md, "A warm-up of the learned factor").
 *
 * <p>With a warm-up of the learned share over K_α steps, α grows the same way: α_t = α·min(1, (t + 1)/K_α)
 * ({@link #learnedShareAt}). With the factor's warm-up alone, the learned direction still set off LeNet-5's spikes
 * in the first steps (docs/results/general/README.md, "Session 11").
 *
 * @param scaleRange       c: the learned factor on η lies in [e^−c, e^c]
 * @param learnedShare     α: how much the learned direction tanh o₁ can add to d
 * @param warmupSteps      K: the steps over which the factor's range grows to c; 0 for none
 * @param shareWarmupSteps K_α: the steps over which the learned share grows to α; 0 for none
 */
public record NominalDirection(float scaleRange, float learnedShare, int warmupSteps, int shareWarmupSteps) {

    /** The most warm-up steps a shape may have: far beyond any run's useful warm-up, and exact as a float. */
    public static final int MAX_WARMUP_STEPS = 1_000_000;

    public NominalDirection {
        if (!(scaleRange >= 0 && scaleRange <= 10)) {
            throw new IllegalArgumentException("the nominal direction's scale range c must be in [0, 10], got "
                    + scaleRange);
        }
        if (!(learnedShare >= 0 && learnedShare <= 10)) {
            throw new IllegalArgumentException("the nominal direction's learned share α must be in [0, 10], got "
                    + learnedShare);
        }
        if (warmupSteps < 0 || warmupSteps > MAX_WARMUP_STEPS) {
            throw new IllegalArgumentException("the nominal direction's warm-up must be 0 to " + MAX_WARMUP_STEPS
                    + " steps, got " + warmupSteps);
        }
        if (shareWarmupSteps < 0 || shareWarmupSteps > MAX_WARMUP_STEPS) {
            throw new IllegalArgumentException("the learned share's warm-up must be 0 to " + MAX_WARMUP_STEPS
                    + " steps, got " + shareWarmupSteps);
        }
    }

    /** Without a warm-up: the factor's range is c and the learned share α from the first step. */
    public NominalDirection(float scaleRange, float learnedShare) {
        this(scaleRange, learnedShare, 0, 0);
    }

    /** With a warm-up of the factor's range only. */
    public NominalDirection(float scaleRange, float learnedShare, int warmupSteps) {
        this(scaleRange, learnedShare, warmupSteps, 0);
    }

    /** Whether the factor's range or the learned share grows over a warm-up, so that the step depends on t. */
    public boolean hasWarmup() {
        return warmupSteps > 0 || shareWarmupSteps > 0;
    }

    /** c_t = c·min(1, (t + 1)/K) at step {@code step} (from 0) of a run; c without a warm-up. */
    public float scaleRangeAt(long step) {
        return warmupSteps == 0 ? scaleRange : scaleRange * Math.min(1f, (step + 1) / (float) warmupSteps);
    }

    /** α_t = α·min(1, (t + 1)/K_α) at step {@code step} (from 0) of a run; α without a warm-up of the share. */
    public float learnedShareAt(long step) {
        return shareWarmupSteps == 0 ? learnedShare
                : learnedShare * Math.min(1f, (step + 1) / (float) shareWarmupSteps);
    }

    /** This direction with a warm-up of the factor's range over {@code steps} steps (0 for none). */
    public NominalDirection withWarmup(int steps) {
        return new NominalDirection(scaleRange, learnedShare, steps, shareWarmupSteps);
    }

    /** This direction with a warm-up of the learned share over {@code steps} steps (0 for none). */
    public NominalDirection withShareWarmup(int steps) {
        return new NominalDirection(scaleRange, learnedShare, warmupSteps, steps);
    }

    /** This direction with learned share α = {@code share}; 0 leaves the learned factor on Adam's direction alone. */
    public NominalDirection withLearnedShare(float share) {
        return new NominalDirection(scaleRange, share, warmupSteps, shareWarmupSteps);
    }
}
