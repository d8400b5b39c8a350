package org.l2l4j.samples;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.l2l4j.data.MnistDataset;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.nio.file.Path;

/**
 * The paper's MNIST MLP (784-20-10, sigmoid) as an ordinary DL4J MultiLayerNetwork, trained for 100 steps of
 * batch 128 once with a learned optimizer and once with Adam, and evaluated on the test split.
 *
 * <p>Run: {@code mvn -q -f samples exec:java -Dexec.mainClass=org.l2l4j.samples.MnistMultiLayerSample
 * [-Dexec.args=path/to/optimizer.l2l]}. Without an argument it uses an untrained, randomly initialised φ.
 */
public final class MnistMultiLayerSample {

    private static final int BATCH = 128;
    private static final int STEPS = 100;

    public static void main(String[] args) {
        IUpdater learned = args.length > 0 ? LearnedUpdater.load(Path.of(args[0])) : LearnedUpdater.randomInit(1);
        MnistDataset mnist = MnistDataset.standard();
        for (IUpdater updater : new IUpdater[]{learned, new Adam(0.03)}) {
            MultiLayerNetwork net = new MultiLayerNetwork(paperMlp(updater));
            net.init();
            net.setListeners(new ScoreIterationListener(25));
            DataSetIterator train = mnist.iterator(BATCH, true, true, 42);
            for (int step = 0; step < STEPS && train.hasNext(); step++) {
                net.fit(train.next());
            }
            Evaluation evaluation = net.evaluate(mnist.iterator(1000, false, false, 0));
            System.out.printf("%-10s test accuracy %.4f after %d steps%n",
                    updater instanceof LearnedUpdater ? "learned" : "adam", evaluation.accuracy(), STEPS);
        }
    }

    static MultiLayerConfiguration paperMlp(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(20).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(20).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }
}
