package org.l2l4j.problem;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.OffHeapFloats;

/**
 * f and ∇f of a {@link NetworkProblem} computed by DL4J itself ({@code computeGradientAndScore}) on a network
 * of its own, whose parameter view, inputs and labels are allocated once and overwritten at every call. They are
 * written and the gradient read through {@link OffHeapFloats} views of their memory, one bulk copy each.
 *
 * <p>The gradient is scaled as DL4J hands it to an {@code IUpdater}: DL4J's loss layers return the gradient
 * summed over the minibatch, and the network's updater divides it by the minibatch size before the updater
 * step ({@code BaseMultiLayerUpdater}, for the default {@code miniBatch(true)}), so here it is divided too.
 */
final class NetworkLossEvaluator implements LossEvaluator {

    private final NetworkInstance network;
    private final FloatSegments parameterFloats;
    private final FloatSegments gradientFloats;
    private final INDArray features;
    private final FloatSegments featureFloats;
    private final INDArray labels;
    private final FloatSegments labelFloats;
    private final float batchSize;

    NetworkLossEvaluator(NetworkModel model, int batchSize, int side, int classes) {
        network = model.instantiate(0);
        parameterFloats = OffHeapFloats.of(network.parameters(), "parameters");
        gradientFloats = OffHeapFloats.of(network.gradients(), "gradient");
        features = Nd4j.create(DataType.FLOAT, model.layout().shape(batchSize, side));
        featureFloats = OffHeapFloats.of(features, "features");
        labels = Nd4j.create(DataType.FLOAT, batchSize, classes);
        labelFloats = OffHeapFloats.of(labels, "labels");
        this.batchSize = batchSize;
    }

    @Override
    public double lossAndGradient(float[] theta, Batch batch, float[] gradient) {
        parameterFloats.put(0, theta, 0, theta.length);
        float[] x = batch.get("x");
        featureFloats.put(0, x, 0, x.length);
        float[] y = batch.get("labels");
        labelFloats.put(0, y, 0, y.length);
        double loss = network.computeGradientAndScore(features, labels);
        gradientFloats.get(0, gradient, 0, gradient.length);
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] /= batchSize;
        }
        return loss;
    }
}
