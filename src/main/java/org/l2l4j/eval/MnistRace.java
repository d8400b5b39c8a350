package org.l2l4j.eval;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.data.MnistDataset;
import org.l2l4j.problem.MnistMlp;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.PrintStream;

/**
 * Trains the same MLP with each optimizer, fairly: for every seed, every optimizer starts from the same θ_0
 * (the network seed), sees the same sequence of training minibatches (the iterator seed), and gets fresh
 * optimizer state. Final loss and accuracy are measured on the whole test split.
 */
public final class MnistRace {

    private final MnistDataset data;
    private final MnistMlp problem;
    private final int steps;
    private final int batchSize;
    private final PrintStream progress;

    public MnistRace(MnistDataset data, MnistMlp problem, int steps, int batchSize, PrintStream progress) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1, got " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.data = data;
        this.problem = problem;
        this.steps = steps;
        this.batchSize = batchSize;
        this.progress = progress;
    }

    public RaceResult run(String name, IUpdater updater, long[] seeds) {
        DataSet test = data.iterator(data.testCount(), false, false, 0).next();
        double[][] losses = new double[seeds.length][steps];
        double[] testLoss = new double[seeds.length];
        double[] testAccuracy = new double[seeds.length];
        for (int s = 0; s < seeds.length; s++) {
            MultiLayerNetwork net = new MultiLayerNetwork(problem.configuration(updater.clone(), seeds[s]));
            net.init();
            DataSetIterator batches = data.iterator(batchSize, true, true, seeds[s]);
            for (int t = 0; t < steps; t++) {
                if (!batches.hasNext()) {
                    batches.reset();
                }
                net.fit(batches.next());
                losses[s][t] = net.score();
            }
            testLoss[s] = net.score(test);
            Evaluation evaluation = new Evaluation(MnistMlp.CLASSES);
            evaluation.eval(test.getLabels(), net.output(test.getFeatures()));
            testAccuracy[s] = evaluation.accuracy();
            progress.printf("  %-8s seed %d/%d: final minibatch loss %.4f, test loss %.4f, test accuracy %.4f%n",
                    name, s + 1, seeds.length, losses[s][steps - 1], testLoss[s], testAccuracy[s]);
        }
        return new RaceResult(name, losses, testLoss, testAccuracy);
    }
}
