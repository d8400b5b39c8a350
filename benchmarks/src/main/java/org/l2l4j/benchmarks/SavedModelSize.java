package org.l2l4j.benchmarks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;

/**
 * The updater state per parameter and the size of a {@code ModelSerializer} file with and without the updater state,
 * for LeNet-5 and the paper MLP, with the pretrained learned optimizer and with Adam, after three fit steps (so the
 * state is no longer all zeros, which would compress away).
 */
public final class SavedModelSize {

    private SavedModelSize() {
    }

    public static void main(String[] args) throws IOException {
        for (String network : new String[]{"lenet", "paper-mlp"}) {
            for (String updater : new String[]{"learned", "adam"}) {
                IUpdater config = updater.equals("learned") ? LearnedUpdater.pretrained() : new Adam(0.03);
                boolean lenet = network.equals("lenet");
                MultiLayerNetwork net = new MultiLayerNetwork(lenet
                        ? LeNet.configuration(config, 1) : MnistMlp.PAPER.configuration(config, 1));
                net.init();
                int batchSize = lenet ? 64 : 128;
                INDArray labels = Nd4j.zeros(DataType.FLOAT, batchSize, 10);
                for (int i = 0; i < batchSize; i++) {
                    labels.putScalar(i, i % 10, 1f);
                }
                DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, batchSize, 784), labels);
                for (int i = 0; i < 3; i++) {
                    net.fit(batch);
                }
                File with = File.createTempFile("with-updater", ".zip");
                File without = File.createTempFile("without-updater", ".zip");
                try {
                    ModelSerializer.writeModel(net, with, true);
                    ModelSerializer.writeModel(net, without, false);
                    long stateFloats = net.getUpdater().getStateViewArray().length();
                    System.out.printf(Locale.ROOT, "%s, %s: %d parameters, %d updater-state floats (%.0f per parameter);"
                                    + " saved with updater %,d bytes, without %,d bytes%n", network, updater,
                            net.numParams(), stateFloats, (double) stateFloats / net.numParams(), with.length(),
                            without.length());
                } finally {
                    Files.deleteIfExists(with.toPath());
                    Files.deleteIfExists(without.toPath());
                }
            }
        }
    }
}
