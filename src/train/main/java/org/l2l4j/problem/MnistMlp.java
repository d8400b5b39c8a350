package org.l2l4j.problem;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

/**
 * The paper's MNIST optimizee as a DL4J network: 784 inputs, the given hidden layers, 10 softmax outputs,
 * cross-entropy loss, weights drawn from N(0, 0.01²) as in the reference code (docs/method.md §2.2) and, unlike
 * there, biases starting at zero.
 */
public record MnistMlp(List<Integer> hiddenSizes, MlpActivation activation) {

    public static final int INPUTS = 784;
    public static final int CLASSES = 10;
    private static final double INIT_STDDEV = 0.01;

    /** 784-20-10 with sigmoid, the setting the paper meta-trains on. */
    public static final MnistMlp PAPER = new MnistMlp(List.of(20), MlpActivation.SIGMOID);

    public MnistMlp {
        hiddenSizes = List.copyOf(hiddenSizes);
        if (hiddenSizes.isEmpty() || hiddenSizes.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden sizes must be one or more positive numbers, got " + hiddenSizes);
        }
        if (activation == null) {
            throw new IllegalArgumentException("an MLP needs an activation: one of " + List.of(MlpActivation.values()));
        }
    }

    public MultiLayerConfiguration configuration(IUpdater updater, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(new NormalDistribution(0, INIT_STDDEV))
                .biasInit(0)
                .updater(updater)
                .list();
        int in = INPUTS;
        for (int hidden : hiddenSizes) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(hidden).activation(activation.dl4j()).build());
            in = hidden;
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(CLASSES)
                .activation(Activation.SOFTMAX).build());
        return layers.build();
    }

    /**
     * Weights and biases of all layers. A long, so that a network too large for a Java array can still be sized
     * (and refused) before anything is allocated.
     */
    public long parameterCount() {
        long total = 0;
        long in = INPUTS;
        for (int hidden : hiddenSizes) {
            total += (in + 1) * hidden;
            in = hidden;
        }
        return total + (in + 1) * CLASSES;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder().append(INPUTS);
        hiddenSizes.forEach(h -> sb.append('-').append(h));
        return sb.append('-').append(CLASSES).append(' ').append(activation.label()).toString();
    }
}
