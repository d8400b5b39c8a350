package org.l2l4j.problem;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;

/**
 * f and ∇f of a {@link NetworkProblem} computed by DL4J itself ({@code computeGradientAndScore}) on a network
 * of its own, whose parameter view, inputs and labels are allocated once and overwritten at every call. They are
 * written and the gradient read through {@link ArrayFloats} views of their memory.
 *
 * <p>The gradient is scaled as DL4J hands it to an {@code IUpdater}: DL4J's loss layers return the gradient
 * summed over the minibatch, and the network's updater divides it by the minibatch size before the updater
 * step ({@code BaseMultiLayerUpdater}, for the default {@code miniBatch(true)}), so here it is divided too.
 */
final class NetworkLossEvaluator implements LossEvaluator {

    private final NetworkInstance network;
    private final FloatBuffer parameterFloats;
    private final FloatBuffer gradientFloats;
    private final INDArray features;
    private final FloatBuffer featureFloats;
    private final INDArray labels;
    private final FloatBuffer labelFloats;
    private final float batchSize;

    NetworkLossEvaluator(NetworkModel model, int batchSize, int side, int classes) {
        network = model.instantiate(0);
        parameterFloats = ArrayFloats.of(network.parameters());
        gradientFloats = ArrayFloats.of(network.gradients());
        features = Nd4j.create(DataType.FLOAT, model.layout().shape(batchSize, side));
        featureFloats = ArrayFloats.of(features);
        labels = Nd4j.create(DataType.FLOAT, batchSize, classes);
        labelFloats = ArrayFloats.of(labels);
        this.batchSize = batchSize;
    }

    @Override
    public double lossAndGradient(float[] theta, Batch batch, float[] gradient) {
        parameterFloats.put(0, theta);
        featureFloats.put(0, batch.get("x"));
        labelFloats.put(0, batch.get("labels"));
        double loss = network.computeGradientAndScore(features, labels);
        gradientFloats.get(0, gradient);
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] /= batchSize;
        }
        return loss;
    }
}
