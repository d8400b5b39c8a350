package org.l2l4j.optimizer;

/**
 * The configuration of an LSTM optimizer φ that is not learned: its width, its input preprocessing, the scale η
 * of its output and, for the general optimizer, the nominal direction its output modulates (docs/method.md
 * §1.2-§1.4: two LSTM layers, a linear layer to the outputs).
 *
 * <p>Without a nominal direction (the paper's optimizer) the linear layer has one output o and the step is η·o.
 * With one it has two, and the step is {@link NominalDirection}'s, which needs the moments of
 * {@link GradientPreprocessing.Kind#MOMENTS}.
 *
 * @param nominal the nominal direction, or null for the paper's step η·o
 */
public record OptimizerShape(int hiddenSize, GradientPreprocessing preprocessing, float outputScale,
                             NominalDirection nominal) {

    /** Paper defaults for MNIST: 20 units, log-sign preprocessing with p = 10, output scale 0.1. */
    public static final OptimizerShape PAPER_MNIST = new OptimizerShape(20, GradientPreprocessing.logSign(10f), 0.1f);

    /** Reference-code defaults for quadratics: 20 units, raw gradients, output scale 1. */
    public static final OptimizerShape PAPER_QUADRATIC = new OptimizerShape(20, GradientPreprocessing.identity(), 1f);

    /**
     * The general optimizer: 8 units reading the moment features, modulating Adam's direction at η = 0.01 by a
     * factor within [0.1, 10] (c = ln 10) and adding at most α = 1 of its own direction. 35 floats of state per
     * coordinate (32 of LSTM, 3 moments).
     */
    public static final OptimizerShape GENERAL = new OptimizerShape(8, GradientPreprocessing.moments(10f), 0.01f,
            new NominalDirection((float) Math.log(10), 1f));

    /** The paper's kind of optimizer: the step is {@code outputScale} times the LSTM's one output. */
    public OptimizerShape(int hiddenSize, GradientPreprocessing preprocessing, float outputScale) {
        this(hiddenSize, preprocessing, outputScale, null);
    }

    public OptimizerShape {
        if (hiddenSize < 1 || hiddenSize > 4096) {
            throw new IllegalArgumentException("hidden size must be in 1..4096, got " + hiddenSize);
        }
        if (preprocessing == null) {
            throw new IllegalArgumentException("preprocessing must be given");
        }
        if (!(outputScale > 0 && Float.isFinite(outputScale))) {
            throw new IllegalArgumentException("output scale must be a finite number > 0, got " + outputScale);
        }
        if (nominal != null && preprocessing.kind() != GradientPreprocessing.Kind.MOMENTS) {
            throw new IllegalArgumentException("a nominal direction is built from the moments: it needs MOMENTS"
                    + " preprocessing, got " + preprocessing.kind());
        }
    }

    public int inputSize() {
        return preprocessing.features();
    }

    /** Width of the stacked gate pre-activations (i, f, c', o) of one layer. */
    public int gateWidth() {
        return 4 * hiddenSize;
    }

    /** Outputs of the linear layer: 2 with a nominal direction (o₁ direction, o₂ scale), else 1. */
    public int outputCount() {
        return nominal == null ? 1 : 2;
    }

    /** Floats of LSTM state per coordinate: h and c of both layers. */
    public int lstmStateSize() {
        return 4 * hiddenSize;
    }

    /** Floats of state per optimized coordinate: the LSTM's, then the preprocessing's moments. */
    public int stateSize() {
        return lstmStateSize() + preprocessing.stateRows();
    }

    /** Whether an optimizer file of format version 1 (before the general optimizer) can describe this shape. */
    public boolean isPaperKind() {
        return nominal == null && preprocessing.kind() != GradientPreprocessing.Kind.MOMENTS;
    }

    /**
     * Whether the nominal direction's factor or learned share has a warm-up ({@link NominalDirection#scaleRangeAt},
     * {@link NominalDirection#learnedShareAt}), so that the step depends on the step index.
     */
    public boolean hasWarmup() {
        return nominal != null && nominal.hasWarmup();
    }

    /** This shape with its nominal direction's warm-up set to {@code steps} steps (0 for none). */
    public OptimizerShape withWarmup(int steps) {
        if (nominal == null) {
            throw new IllegalArgumentException("a warm-up narrows the nominal direction's factor, and " + this
                    + " has no nominal direction");
        }
        return new OptimizerShape(hiddenSize, preprocessing, outputScale, nominal.withWarmup(steps));
    }

    /** This shape with its nominal direction's learned share warmed up over {@code steps} steps (0 for none). */
    public OptimizerShape withShareWarmup(int steps) {
        if (nominal == null) {
            throw new IllegalArgumentException("a warm-up of the learned share is part of the nominal direction, and "
                    + this + " has no nominal direction");
        }
        return new OptimizerShape(hiddenSize, preprocessing, outputScale, nominal.withShareWarmup(steps));
    }

    /** This shape with its nominal direction's learned share α set to {@code share}. */
    public OptimizerShape withLearnedShare(float share) {
        if (nominal == null) {
            throw new IllegalArgumentException("the learned share is part of the nominal direction, and " + this
                    + " has no nominal direction");
        }
        return new OptimizerShape(hiddenSize, preprocessing, outputScale, nominal.withLearnedShare(share));
    }

    /** Multiply-adds of one step per coordinate: the two LSTM layers' gate products and the output layer. */
    public long multiplyAddsPerStep() {
        long h = hiddenSize;
        return (inputSize() + h) * 4 * h + 2 * h * 4 * h + h * outputCount();
    }

    /** Total number of learned weights in φ. */
    public int parameterCount() {
        int total = 0;
        for (PhiTensor t : PhiTensor.values()) {
            total += t.size(this);
        }
        return total;
    }
}
