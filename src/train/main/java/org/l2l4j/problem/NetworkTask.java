package org.l2l4j.problem;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.l2l4j.data.MnistSplit;

import java.util.function.Supplier;

/** A built-in task whose optimizee is a preset DL4J network on MNIST shrunk by {@code downsample}. */
record NetworkTask(String name, Role role, String description, int downsample, int batchSize,
                   Supplier<MultiLayerConfiguration> configuration) implements Task {

    NetworkModel model() {
        return NetworkModel.of(name, configuration.get());
    }

    @Override
    public int parameterCount() {
        return model().parameterCount();
    }

    @Override
    public Problem problem(MnistSplit batchesFrom, MnistSplit evaluatedOn) {
        MnistSplit from = downsample == 1 ? batchesFrom : batchesFrom.downsampled(downsample);
        MnistSplit on = downsample == 1 ? evaluatedOn : evaluatedOn == batchesFrom ? from : evaluatedOn.downsampled(downsample);
        return new NetworkProblem(model(), from, on, batchSize, MnistMlp.CLASSES);
    }

    @Override
    public String definition() {
        return "network task " + name + ", images shrunk " + downsample + "x, batch " + batchSize + ", "
                + configuration.get().toJson();
    }
}
