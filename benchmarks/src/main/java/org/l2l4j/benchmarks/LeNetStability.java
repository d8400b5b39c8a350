package org.l2l4j.benchmarks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.data.MnistDataset;
import org.l2l4j.data.MnistSplit;
import org.l2l4j.io.AtomicFiles;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Whether an optimizer is stable in use on LeNet-5 (issue: "over 1,000 steps on lenet, no growth of the loss
 * beyond its starting value and no runaway of the weights"): trains DL4J's LeNet-5 for {@code steps} minibatches
 * of 64 from the MNIST training split with {@code LearnedUpdater.pretrained(NAME)}, an optimizer file, or Adam
 * (at DL4J's example learning rate 1e-3, or at {@code adam:LR}), and writes, per step, the minibatch loss and the
 * RMS of the parameters to a CSV; then the test-split accuracy. Not a JMH benchmark: a measurement of behaviour.
 *
 * <p>A minibatch loss compares different minibatches from one step to the next, so a step can look like a rise of
 * the loss when only its minibatch is harder. The CSV therefore also holds the loss of θ_t on one fixed set (the
 * training split's first {@value #FIXED_SET} examples, which minibatches may also draw) at every step up to
 * {@value #EVERY_STEP_UNTIL} and every {@value #FIXED_SET_EVERY} steps after: the training objective itself, with
 * no sampling noise between rows. Row t's two losses are both of θ_t, the parameters step t starts from (DL4J's
 * score of a fit is that of its minibatch before the update); its RMS is of θ_(t+1).
 *
 * <p>Usage: {@code LeNetStability general|paper-mnist|adam|adam:LR|OPTIMIZER.l2l STEPS OUT.csv [NETWORK.json]
 * [SEED]}; with a {@code MultiLayerNetwork} configuration for 28×28 MNIST images, that network instead of LeNet-5
 * (for example the classic LeNet-5 among the general optimizer's training tasks), every layer with the optimizer.
 * SEED (default 1) seeds LeNet-5's initialisation (a configuration file's own seed is moved by SEED - 1) and, as
 * SEED + 6, the minibatches' order, so that seed 1 is the run this program made before it took a seed.
 */
public final class LeNetStability {

    private static final int BATCH = 64;
    private static final int FIXED_SET = 10_000;
    /** Examples per forward pass when scoring or evaluating many, to bound the activations' memory. */
    private static final int CHUNK = 1000;
    private static final int EVERY_STEP_UNTIL = 100;
    private static final int FIXED_SET_EVERY = 10;

    private LeNetStability() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 5) {
            throw new IllegalArgumentException("usage: LeNetStability general|paper-mnist|adam|adam:LR|OPTIMIZER.l2l"
                    + " STEPS OUT.csv [NETWORK.json] [SEED]");
        }
        Path network = null;
        long seed = 1;
        for (int i = 3; i < args.length; i++) {
            if (args[i].endsWith(".json")) {
                network = Path.of(args[i]);
            } else {
                seed = Long.parseLong(args[i]);
            }
        }
        IUpdater updater = args[0].equals("adam") ? new Adam(1e-3)
                : args[0].startsWith("adam:") ? new Adam(Double.parseDouble(args[0].substring("adam:".length())))
                : args[0].endsWith(".l2l") ? LearnedUpdater.load(Path.of(args[0])) : LearnedUpdater.pretrained(args[0]);
        int steps = Integer.parseInt(args[1]);
        MnistDataset dataset = MnistDataset.standard();
        MnistSplit train = dataset.load(true);
        MnistSplit test = dataset.load(false);
        List<DataSet> fixedSet = new ArrayList<>();
        for (int from = 0; from < FIXED_SET; from += CHUNK) {
            fixedSet.add(oneHot(train.range(from, CHUNK)));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(network != null
                ? withUpdater(MultiLayerConfiguration.fromJson(Files.readString(network)), updater, seed - 1)
                : LeNet.configuration(updater, seed));
        net.init();
        INDArray features = Nd4j.create(DataType.FLOAT, BATCH, 784);
        INDArray labels = Nd4j.create(DataType.FLOAT, BATCH, 10);
        SplittableRandom random = new SplittableRandom(seed + 6);
        StringBuilder csv = new StringBuilder("step,minibatch_loss,parameter_rms,fixed_set_loss\n");
        double first = Double.NaN;
        double worst = Double.NEGATIVE_INFINITY;
        double fixedFirst = Double.NaN;
        double fixedWorst = Double.NEGATIVE_INFINITY;
        int fixedWorstStep = -1;
        for (int t = 0; t < steps; t++) {
            String fixedLoss = "";
            if (t <= EVERY_STEP_UNTIL || t % FIXED_SET_EVERY == 0) {
                double loss = fixedSet.stream().mapToDouble(net::score).average().orElseThrow();
                fixedFirst = t == 0 ? loss : fixedFirst;
                if (!(loss <= fixedWorst)) {
                    fixedWorst = Double.isNaN(loss) ? Double.POSITIVE_INFINITY : loss;
                    fixedWorstStep = t;
                }
                fixedLoss = String.format(Locale.ROOT, "%.6g", loss);
            }
            labels.assign(0);
            for (int i = 0; i < BATCH; i++) {
                int example = random.nextInt(train.size());
                features.getRow(i).assign(Nd4j.createFromArray(train.images()[example]));
                labels.putScalar(i, train.labels()[example], 1f);
            }
            net.fit(new DataSet(features, labels));
            double loss = net.score();
            double rms = net.params().norm2Number().doubleValue() / Math.sqrt(net.numParams());
            first = t == 0 ? loss : first;
            worst = Math.max(worst, Double.isNaN(loss) ? Double.POSITIVE_INFINITY : loss);
            csv.append(String.format(Locale.ROOT, "%d,%.6g,%.6g,%s%n", t, loss, rms, fixedLoss));
        }
        Evaluation evaluation = new Evaluation(10);
        for (int from = 0; from < test.size(); from += CHUNK) {
            DataSet part = oneHot(test.range(from, Math.min(CHUNK, test.size() - from)));
            evaluation.eval(part.getLabels(), net.output(part.getFeatures()));
        }
        AtomicFiles.write(Path.of(args[2]), csv.toString().getBytes(StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "%s on %s, seed %d, %d steps of batch %d: first minibatch loss %.4f, highest %.4f,"
                        + " last %.4f; loss on the fixed set %.4f at step 0, highest %.4f (step %d);"
                        + " parameter RMS %.4f at the end; test accuracy %.4f%n", args[0],
                network != null ? network : "LeNet-5", seed, steps, BATCH,
                first, worst, net.score(), fixedFirst, fixedWorst, fixedWorstStep,
                net.params().norm2Number().doubleValue() / Math.sqrt(net.numParams()), evaluation.accuracy());
    }

    /** {@code split}'s images and one-hot labels as one data set. */
    private static DataSet oneHot(MnistSplit split) {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, split.size(), 10);
        for (int i = 0; i < split.size(); i++) {
            labels.putScalar(i, split.labels()[i], 1f);
        }
        return new DataSet(Nd4j.create(split.images()), labels);
    }

    /**
     * {@code configuration} with {@code updater} on every layer that has parameters, biases included, and its
     * layers' seeds moved by {@code seedShift}.
     */
    private static MultiLayerConfiguration withUpdater(MultiLayerConfiguration configuration, IUpdater updater,
                                                       long seedShift) {
        for (NeuralNetConfiguration conf : configuration.getConfs()) {
            conf.setSeed(conf.getSeed() + seedShift);
            if (conf.getLayer() instanceof BaseLayer layer) {
                layer.setIUpdater(updater);
                layer.setBiasUpdater(null);
            }
        }
        return configuration;
    }
}
