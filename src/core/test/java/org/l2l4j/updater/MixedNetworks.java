package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Networks that mix the three kinds of updater block DL4J forms: an Adam layer first, then batch normalization
 * (whose running mean and variance DL4J updates through the gradient with a no-op updater), then learned layers.
 */
final class MixedNetworks {

    static final double ADAM_LEARNING_RATE = 0.01;

    private MixedNetworks() {
    }

    /** Dense (Adam) → batch normalization → dense → softmax output; all but the first layer learned. */
    static MultiLayerNetwork multiLayer(LearnedUpdater learned) {
        MultiLayerNetwork net = new MultiLayerNetwork(builder(learned).list()
                .layer(adamDense())
                .layer(batchNorm())
                .layer(learnedDense())
                .layer(output())
                .build());
        net.init();
        return net;
    }

    /** The same layers as {@link #multiLayer} as a graph: "adam" → "bn" → "dense" → "out". */
    static ComputationGraph graph(LearnedUpdater learned) {
        ComputationGraph graph = new ComputationGraph(builder(learned).graphBuilder()
                .addInputs("in")
                .addLayer("adam", adamDense(), "in")
                .addLayer("bn", batchNorm(), "adam")
                .addLayer("dense", learnedDense(), "bn")
                .addLayer("out", output(), "dense")
                .setOutputs("out")
                .build());
        graph.init();
        return graph;
    }

    /** Batch {@code index} of {@link TinyModels#batch} with one feature of one example set to NaN. */
    static DataSet batchWithNaNFeature(int index) {
        DataSet batch = TinyModels.batch(index);
        batch.getFeatures().putScalar(3, 2, Float.NaN);
        return batch;
    }

    private static NeuralNetConfiguration.Builder builder(LearnedUpdater learned) {
        return new NeuralNetConfiguration.Builder()
                .seed(777)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(learned);
    }

    private static DenseLayer adamDense() {
        return new DenseLayer.Builder().nIn(TinyModels.IN).nOut(TinyModels.HIDDEN).activation(Activation.IDENTITY)
                .updater(new Adam(ADAM_LEARNING_RATE)).build();
    }

    private static BatchNormalization batchNorm() {
        return new BatchNormalization.Builder().nIn(TinyModels.HIDDEN).nOut(TinyModels.HIDDEN).build();
    }

    private static DenseLayer learnedDense() {
        return new DenseLayer.Builder().nIn(TinyModels.HIDDEN).nOut(TinyModels.HIDDEN).activation(Activation.TANH).build();
    }

    private static OutputLayer output() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(TinyModels.HIDDEN).nOut(TinyModels.CLASSES)
                .activation(Activation.SOFTMAX).build();
    }
}
