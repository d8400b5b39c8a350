package org.l2l4j.problem;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;

import java.util.Arrays;
import java.util.Locale;

/**
 * The nonlinearity of an MLP optimizee's hidden layers, with everything that depends on it in one place: the
 * function and its derivative for the fast path, the SameDiff op for the reference loss, and DL4J's activation
 * for the equivalent network.
 */
public enum MlpActivation {

    SIGMOID(Activation.SIGMOID) {
        @Override
        public float apply(float z) {
            return (float) (1.0 / (1.0 + Math.exp(-z)));
        }

        @Override
        public double derivativeFromOutput(float a) {
            return a * (1.0 - a);
        }

        @Override
        public SDVariable apply(SameDiff sd, SDVariable z) {
            return sd.nn.sigmoid(z);
        }
    },

    RELU(Activation.RELU) {
        @Override
        public float apply(float z) {
            return Math.max(z, 0f);
        }

        @Override
        public double derivativeFromOutput(float a) {
            return a > 0 ? 1.0 : 0.0;
        }

        @Override
        public SDVariable apply(SameDiff sd, SDVariable z) {
            return sd.nn.relu(z, 0);
        }
    },

    TANH(Activation.TANH) {
        @Override
        public float apply(float z) {
            return (float) Math.tanh(z);
        }

        @Override
        public double derivativeFromOutput(float a) {
            return 1.0 - (double) a * a;
        }

        @Override
        public SDVariable apply(SameDiff sd, SDVariable z) {
            return sd.math.tanh(z);
        }
    };

    private final Activation dl4j;

    MlpActivation(Activation dl4j) {
        this.dl4j = dl4j;
    }

    /** act(z). */
    public abstract float apply(float z);

    /**
     * act'(z), written in terms of the output a = act(z), which is what backpropagation has at hand (for ReLU the
     * derivative at 0 is taken as 0).
     */
    public abstract double derivativeFromOutput(float a);

    /** act(z) as a SameDiff op. */
    public abstract SDVariable apply(SameDiff sd, SDVariable z);

    /** The same nonlinearity in a DL4J layer configuration. */
    public Activation dl4j() {
        return dl4j;
    }

    /** The name options and descriptions use: sigmoid, relu, tanh. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation of this {@link #label()}; the error lists the choices. */
    public static MlpActivation named(String label) {
        for (MlpActivation activation : values()) {
            if (activation.label().equals(label)) {
                return activation;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + label + "': expected one of "
                + Arrays.stream(values()).map(MlpActivation::label).toList());
    }
}
