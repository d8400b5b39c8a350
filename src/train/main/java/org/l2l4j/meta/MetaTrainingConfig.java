package org.l2l4j.meta;

import java.util.SplittableRandom;

/**
 * Settings of a meta-training run (defaults of docs/method.md §1.5 and §1.7: 100 optimizee steps unrolled 20 at a
 * time; Adam as the meta-optimizer).
 *
 * @param steps           optimizee steps per run
 * @param unroll          steps per truncation: one meta-update each
 * @param epochs          epochs; each starts {@code runsPerEpoch} fresh optimizee runs
 * @param runsPerEpoch    runs whose meta-gradients are averaged into each meta-update
 * @param learningRate    Adam's learning rate for φ
 * @param seed            seeds φ's initialisation and every run's θ_0 and minibatches
 * @param validateEvery   epochs between validations
 * @param validationRuns  fixed held-out runs (seeds never used for training) per validation
 * @param onDivergence    whether a diverging epoch stops training or is rolled back
 * @param engine          how each truncation is computed: the fast path or the SameDiff graph
 * @param rescaleRange    r > 0 reparameterises every training run by random scales in [e^−r, e^r]
 *                        ({@link org.l2l4j.problem.RescaledProblem}); 0 trains on the problems as they are
 * @param selection       how validation scores φ to keep the best
 * @param maxSteps        above {@code steps}, each epoch's training runs last a length drawn log-uniformly from
 *                        [steps, maxSteps] in whole truncations ({@link #trainingSteps}); validation stays at
 *                        {@code steps}. Equal to {@code steps}, every run lasts {@code steps}.
 */
public record MetaTrainingConfig(int steps, int unroll, int epochs, int runsPerEpoch, double learningRate, long seed,
                                 int validateEvery, int validationRuns, DivergencePolicy onDivergence, Engine engine,
                                 double rescaleRange, Selection selection, int maxSteps) {

    /** What validation measures to choose the best φ. */
    public enum Selection {
        /** The mean optimizee loss over the validation runs' trajectories, all problems pooled (the paper's). */
        MEAN_LOSS,
        /**
         * Per problem, the final loss on the problem's data divided by tuned Adam's on the same runs
         * ({@link TunedAdam}); the geometric mean of these ratios over the problems. No problem outweighs another.
         */
        RATIO_TO_ADAM
    }

    /** Settings whose training runs all last {@code steps}. */
    public MetaTrainingConfig(int steps, int unroll, int epochs, int runsPerEpoch, double learningRate, long seed,
                              int validateEvery, int validationRuns, DivergencePolicy onDivergence, Engine engine,
                              double rescaleRange, Selection selection) {
        this(steps, unroll, epochs, runsPerEpoch, learningRate, seed, validateEvery, validationRuns, onDivergence,
                engine, rescaleRange, selection, steps);
    }

    /** Settings without augmentation that choose φ by the mean validation loss. */
    public MetaTrainingConfig(int steps, int unroll, int epochs, int runsPerEpoch, double learningRate, long seed,
                              int validateEvery, int validationRuns, DivergencePolicy onDivergence, Engine engine) {
        this(steps, unroll, epochs, runsPerEpoch, learningRate, seed, validateEvery, validationRuns, onDivergence,
                engine, 0, Selection.MEAN_LOSS);
    }

    /** Settings that meta-train with the fast engine. */
    public MetaTrainingConfig(int steps, int unroll, int epochs, int runsPerEpoch, double learningRate, long seed,
                              int validateEvery, int validationRuns, DivergencePolicy onDivergence) {
        this(steps, unroll, epochs, runsPerEpoch, learningRate, seed, validateEvery, validationRuns, onDivergence,
                Engine.FAST);
    }

    public MetaTrainingConfig {
        require(steps >= 1, "steps must be at least 1, got " + steps);
        require(unroll >= 1 && unroll <= steps, "unroll must be between 1 and steps (" + steps + "), got " + unroll);
        require(steps % unroll == 0, "steps (" + steps + ") must be a multiple of unroll (" + unroll + ")");
        require(epochs >= 1, "epochs must be at least 1, got " + epochs);
        require(runsPerEpoch >= 1, "runs per epoch must be at least 1, got " + runsPerEpoch);
        require(learningRate > 0 && Double.isFinite(learningRate), "the meta learning rate must be a positive number, got " + learningRate);
        require(validateEvery >= 1, "validation interval must be at least 1 epoch, got " + validateEvery);
        require(validationRuns >= 1, "validation needs at least 1 run, got " + validationRuns);
        require(onDivergence != null, "a divergence policy is required");
        require(engine != null, "an engine is required");
        require(rescaleRange >= 0 && rescaleRange <= 10, "the rescaling range must be in [0, 10], got " + rescaleRange);
        require(selection != null, "a selection is required");
        require(maxSteps >= steps && maxSteps % unroll == 0, "the longest training run (" + maxSteps + " steps) must"
                + " be at least steps (" + steps + ") and a multiple of unroll (" + unroll + ")");
    }

    /**
     * Optimizee steps of every training run of {@code epoch}: {@code steps}, or with {@code maxSteps} above it a
     * length drawn log-uniformly from [steps, maxSteps] and rounded down to whole truncations, from the seed and
     * the epoch alone, so a resumed run draws the same lengths. Log-uniform, so that short runs, which are cheap
     * and give φ most of its updates, stay common while every horizon up to maxSteps is trained on (Chen et al.
     * 2020 lengthen the runs to generalise to longer horizons).
     */
    public int trainingSteps(int epoch) {
        if (maxSteps == steps) {
            return steps;
        }
        double u = new SplittableRandom(seed * 1_000_033L + epoch).nextDouble();
        int drawn = (int) (steps * Math.pow((double) maxSteps / steps, u));
        return Math.max(steps, drawn / unroll * unroll);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Seed of training run r of epoch e; validation seeds are negative, so the two never meet. */
    long trainingSeed(int epoch, int run) {
        return seed * 1_000_003L + (long) epoch * runsPerEpoch + run;
    }

    long validationSeed(int run) {
        return -1 - run;
    }
}
