package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A parameter whose gradient has been exactly zero since training began does not move, as under DL4J's own
 * SGD or Adam: frozen layers stay frozen and embedding rows that are never looked up stay as they were, bit for
 * bit, while the rest of the network trains.
 */
class ZeroGradientTest {

    private static final int STEPS = 8;

    @Test
    void frozenLayerInAMultiLayerNetworkStaysBitIdentical() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(7).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(LearnedUpdater.pretrained())
                .list()
                .layer(new DenseLayer.Builder().nIn(TinyModels.IN).nOut(TinyModels.HIDDEN).activation(Activation.TANH).build())
                .layer(new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(TinyModels.HIDDEN).nOut(TinyModels.HIDDEN)
                        .activation(Activation.SIGMOID).build()))
                .layer(outputLayer())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        float[] frozenBefore = net.getLayer(1).params().dup().toFloatVector();
        float[] firstBefore = net.getLayer(0).params().dup().toFloatVector();
        for (int step = 0; step < STEPS; step++) {
            net.fit(TinyModels.batch(step));
        }
        assertArrayEquals(frozenBefore, net.getLayer(1).params().toFloatVector(), "the frozen layer moved");
        assertMoved(firstBefore, net.getLayer(0).params().toFloatVector(), "the trainable layer before the frozen one");
    }

    @Test
    void frozenLayerInAComputationGraphStaysBitIdentical() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(11).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(LearnedUpdater.pretrained())
                .graphBuilder()
                .addInputs("in")
                .addLayer("trained", new DenseLayer.Builder().nIn(TinyModels.IN).nOut(TinyModels.HIDDEN)
                        .activation(Activation.TANH).build(), "in")
                .addLayer("frozen", new FrozenLayerWithBackprop(new DenseLayer.Builder().nIn(TinyModels.HIDDEN)
                        .nOut(TinyModels.HIDDEN).activation(Activation.SIGMOID).build()), "trained")
                .addLayer("out", outputLayer(), "frozen")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        float[] frozenBefore = graph.getLayer("frozen").params().dup().toFloatVector();
        float[] trainedBefore = graph.getLayer("trained").params().dup().toFloatVector();
        for (int step = 0; step < STEPS; step++) {
            graph.fit(TinyModels.batch(step));
        }
        assertArrayEquals(frozenBefore, graph.getLayer("frozen").params().toFloatVector(), "the frozen layer moved");
        assertMoved(trainedBefore, graph.getLayer("trained").params().toFloatVector(), "the trainable layer");
    }

    /** Indices 0..4 of a vocabulary of 10 are looked up; rows 5..9 get exactly-zero gradients throughout. */
    @Test
    void embeddingRowsNeverLookedUpStayBitIdentical() {
        int vocabulary = 10;
        int width = 4;
        int used = 5;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(3).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(LearnedUpdater.pretrained())
                .list()
                .layer(new EmbeddingLayer.Builder().nIn(vocabulary).nOut(width).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(width).nOut(TinyModels.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray weights = net.getLayer(0).getParam("W");
        float[][] before = weights.toFloatMatrix();
        Random random = new Random(5);
        for (int step = 0; step < STEPS; step++) {
            int batch = 16;
            INDArray indices = Nd4j.zeros(DataType.FLOAT, batch, 1);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, TinyModels.CLASSES);
            for (int i = 0; i < batch; i++) {
                int index = random.nextInt(used);
                indices.putScalar(i, 0, index);
                labels.putScalar(i, index % TinyModels.CLASSES, 1f);
            }
            net.fit(new DataSet(indices, labels));
        }
        float[][] after = net.getLayer(0).getParam("W").toFloatMatrix();
        for (int row = 0; row < vocabulary; row++) {
            if (row < used) {
                assertMoved(before[row], after[row], "embedding row " + row + ", which was looked up");
            } else {
                assertArrayEquals(before[row], after[row], "embedding row " + row + ", never looked up, moved");
            }
        }
    }

    private static OutputLayer outputLayer() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(TinyModels.HIDDEN).nOut(TinyModels.CLASSES)
                .activation(Activation.SOFTMAX).build();
    }

    /** Every coordinate of a trained block moved: the zero-gradient rule must not freeze live parameters. */
    private static void assertMoved(float[] before, float[] after, String what) {
        for (int i = 0; i < before.length; i++) {
            assertFalse(before[i] == after[i], what + ": coordinate " + i + " did not move");
        }
    }
}
