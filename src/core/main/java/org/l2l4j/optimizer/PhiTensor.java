package org.l2l4j.optimizer;

/**
 * The tensors of φ in the order they are stored in {@link LearnedOptimizer#parameters()}. Matrices are
 * row-major [rows, cols]; gate columns are ordered i, f, c', o, each block {@code hiddenSize} wide; the output
 * layer has one column per output ({@link OptimizerShape#outputCount()}).
 */
public enum PhiTensor {
    LAYER1_INPUT_WEIGHTS,
    LAYER1_RECURRENT_WEIGHTS,
    LAYER1_BIAS,
    LAYER2_INPUT_WEIGHTS,
    LAYER2_RECURRENT_WEIGHTS,
    LAYER2_BIAS,
    OUTPUT_WEIGHTS,
    OUTPUT_BIAS;

    public int rows(OptimizerShape shape) {
        return switch (this) {
            case LAYER1_INPUT_WEIGHTS -> shape.inputSize();
            case LAYER1_RECURRENT_WEIGHTS, LAYER2_INPUT_WEIGHTS, LAYER2_RECURRENT_WEIGHTS, OUTPUT_WEIGHTS -> shape.hiddenSize();
            case LAYER1_BIAS, LAYER2_BIAS, OUTPUT_BIAS -> 1;
        };
    }

    public int cols(OptimizerShape shape) {
        return switch (this) {
            case OUTPUT_WEIGHTS, OUTPUT_BIAS -> shape.outputCount();
            default -> shape.gateWidth();
        };
    }

    public int size(OptimizerShape shape) {
        return rows(shape) * cols(shape);
    }

    /** Index of this tensor's first element in the flat parameter vector. */
    public int offset(OptimizerShape shape) {
        int offset = 0;
        for (PhiTensor t : values()) {
            if (t == this) {
                return offset;
            }
            offset += t.size(shape);
        }
        throw new AssertionError(this);
    }

    public boolean isBias() {
        return this == LAYER1_BIAS || this == LAYER2_BIAS || this == OUTPUT_BIAS;
    }

    /**
     * Fan-in used by the reference code's LSTM initialiser, stddev 1/sqrt(fan_in + hidden); the output layer
     * uses stddev 1/sqrt(hidden) (docs/method.md §1.8). Biases start at zero.
     */
    double initStddev(OptimizerShape shape) {
        int h = shape.hiddenSize();
        return switch (this) {
            case LAYER1_INPUT_WEIGHTS, LAYER1_RECURRENT_WEIGHTS -> 1.0 / Math.sqrt(shape.inputSize() + h);
            case LAYER2_INPUT_WEIGHTS, LAYER2_RECURRENT_WEIGHTS -> 1.0 / Math.sqrt(h + h);
            case OUTPUT_WEIGHTS -> 1.0 / Math.sqrt(h);
            case LAYER1_BIAS, LAYER2_BIAS, OUTPUT_BIAS -> throw new IllegalArgumentException("biases start at zero");
        };
    }
}
