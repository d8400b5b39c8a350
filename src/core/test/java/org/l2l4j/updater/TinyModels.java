package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

/** Small classification models of each DL4J kind, and their data, for the updater tests. */
final class TinyModels {

    static final int IN = 6;
    static final int HIDDEN = 7;
    static final int CLASSES = 3;

    private TinyModels() {
    }

    /** Three layers; {@code middle} is the middle layer's updater, so a mixed network has two learned blocks. */
    static MultiLayerConfiguration multiLayer(IUpdater updater, IUpdater middle) {
        return multiLayer(updater, middle, DataType.FLOAT);
    }

    static MultiLayerConfiguration multiLayer(IUpdater updater, IUpdater middle, DataType dataType) {
        return new NeuralNetConfiguration.Builder()
                .seed(12345)
                .dataType(dataType)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(HIDDEN).nOut(HIDDEN).activation(Activation.SIGMOID).updater(middle).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    static ComputationGraphConfiguration graph(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(54321)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(IN).nOut(HIDDEN).activation(Activation.TANH).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build();
    }

    /** A one-hidden-layer MLP in SameDiff; its trainable variables are w0, b0, w1, b1. */
    static SameDiff sameDiff(IUpdater updater) {
        return sameDiff(updater, DataType.FLOAT);
    }

    /** As {@link #sameDiff(IUpdater)}, with variables and placeholders of {@code type}. */
    static SameDiff sameDiff(IUpdater updater, DataType type) {
        Random random = new Random(99);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("input", type, -1, IN);
        SDVariable label = sd.placeHolder("label", type, -1, CLASSES);
        SDVariable w0 = sd.var("w0", gaussian(random, 0.4, IN, HIDDEN).castTo(type));
        SDVariable b0 = sd.var("b0", gaussian(random, 0.1, 1, HIDDEN).castTo(type));
        SDVariable w1 = sd.var("w1", gaussian(random, 0.4, HIDDEN, CLASSES).castTo(type));
        SDVariable b1 = sd.var("b1", gaussian(random, 0.1, 1, CLASSES).castTo(type));
        SDVariable hidden = sd.math.tanh(in.mmul(w0).add(b0));
        SDVariable logits = hidden.mmul(w1).add(b1);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(updater)
                .dataSetFeatureMapping("input")
                .dataSetLabelMapping("label")
                .build());
        return sd;
    }

    static final String[] SAME_DIFF_VARIABLES = {"w0", "b0", "w1", "b1"};

    /** Batch {@code index} of a fixed random classification task. */
    static DataSet batch(int index) {
        Random random = new Random(1000 + index);
        int n = 16;
        INDArray features = gaussian(random, 1.0, n, IN);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, random.nextInt(CLASSES), 1f);
        }
        return new DataSet(features, labels);
    }

    static INDArray gaussian(Random random, double stddev, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * stddev);
        }
        return Nd4j.create(values, new long[]{rows, cols}, 'c');
    }
}
