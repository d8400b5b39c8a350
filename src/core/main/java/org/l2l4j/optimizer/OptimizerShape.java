package org.l2l4j.optimizer;

/**
 * The configuration of an LSTM optimizer φ that is not learned: its width, its input preprocessing and the
 * fixed scale applied to its output (docs/method.md §1.2-§1.4: two LSTM layers, a linear layer to one output).
 */
public record OptimizerShape(int hiddenSize, GradientPreprocessing preprocessing, float outputScale) {

    /** Paper defaults for MNIST: 20 units, log-sign preprocessing with p = 10, output scale 0.1. */
    public static final OptimizerShape PAPER_MNIST = new OptimizerShape(20, GradientPreprocessing.logSign(10f), 0.1f);

    /** Reference-code defaults for quadratics: 20 units, raw gradients, output scale 1. */
    public static final OptimizerShape PAPER_QUADRATIC = new OptimizerShape(20, GradientPreprocessing.identity(), 1f);

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
    }

    public int inputSize() {
        return preprocessing.features();
    }

    /** Width of the stacked gate pre-activations (i, f, c', o) of one layer. */
    public int gateWidth() {
        return 4 * hiddenSize;
    }

    /** Floats of recurrent state per optimized coordinate: h and c of both layers. */
    public int stateSize() {
        return 4 * hiddenSize;
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
