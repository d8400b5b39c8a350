package org.l2l4j.samples;

import org.deeplearning4j.datasets.iterator.EarlyTerminationDataSetIterator;
import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.listeners.CollectScoresListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The learned optimizer in a DL4J {@link ComputationGraph}: a small convolutional network on MNIST, trained once
 * with {@code LearnedUpdater} and once with {@code Adam} from the same initial weights on the same minibatches.
 *
 * <p>The default optimizer is meta-trained on MLPs and a one-layer CNN, not on this network, and it loses to tuned
 * Adam on LeNet-5, so this sample does not promise a win: it reports what happens, next to Adam.
 *
 * <p>Run: {@code mvn -q -f samples exec:java -Dexec.mainClass=org.l2l4j.samples.MnistConvolutionalGraphSample
 * -Dexec.args="--steps 200"}; {@code --help} lists the options.
 */
@Command(name = "MnistConvolutionalGraphSample", mixinStandardHelpOptions = true,
        description = "Train a small convolutional ComputationGraph on MNIST with a learned optimizer and with Adam,"
                + " and plot both loss curves.")
public final class MnistConvolutionalGraphSample implements Callable<Integer> {

    static final int BATCH_SIZE = 128;
    /** Full minibatches in one pass over MNIST's 60,000 training images. */
    static final int MAX_STEPS = 60_000 / BATCH_SIZE;
    /** Test images per forward pass: the whole test split at once would need gigabytes of convolution buffers. */
    private static final int TEST_BATCH_SIZE = 1000;
    private static final long TRAINING_DATA_SEED = 42;
    private static final long WEIGHT_SEED = 7;
    /** A usual Adam learning rate for small convolutional networks; not tuned for this one. */
    private static final double ADAM_LEARNING_RATE = 0.001;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--optimizer", paramLabel = "PATH",
            description = "A meta-trained optimizer.l2l. Default: the pretrained optimizer shipped with l2l4j.")
    Path optimizerFile;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "200",
            description = "Minibatches of 128 per training run, 1 to " + MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--test-images", paramLabel = "N", defaultValue = "10000",
            description = "Test images to evaluate on, 1 to 10000; fewer is quicker (default: ${DEFAULT-VALUE}).")
    int testImages;

    @Option(names = "--data", paramLabel = "DIR", description = "A directory with the four uncompressed MNIST IDX files. Default: ~/.l2l4j/data/mnist,"
                    + " which ./l2l4j data fills.")
    Path dataDirectory;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "samples-output/mnist-convolutional",
            description = "Where to write the plot (default: ${DEFAULT-VALUE}).")
    Path outputDirectory;

    /** One training run: the loss on each training minibatch before that step's update, and the test results. */
    record TrainingRun(String optimizer, double[] minibatchLoss, double testLoss, double testAccuracy) {
    }

    /** What the sample did, for its test. */
    record Outcome(TrainingRun learned, TrainingRun adam, Path plot) {
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new MnistConvolutionalGraphSample()).execute(args);
        // Exit only on failure: under `mvn exec:java` the sample shares Maven's JVM, which ends by itself on success.
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    @Override
    public Integer call() throws IOException {
        run();
        return 0;
    }

    Outcome run() throws IOException {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--steps must be between 1 and " + MAX_STEPS + " (one pass over the training images), got " + steps);
        }
        if (testImages < 1 || testImages > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--test-images must be between 1 and 10000, got " + testImages);
        }
        LearnedUpdater learned = learnedUpdater(optimizerFile);
        System.out.println("The optimizer was meta-trained on MLPs and a one-layer CNN; this convolutional network is"
                + " not one it has seen, so compare it with Adam rather than expecting it to win.");
        File mnistDirectory = MnistFiles.directory(dataDirectory);

        TrainingRun withLearned = train("learned", convolutionalNetwork(learned), mnistDirectory);
        TrainingRun withAdam = train("adam", convolutionalNetwork(new Adam(ADAM_LEARNING_RATE)), mnistDirectory);

        Path plot = outputDirectory.resolve("convolutional.png");
        LossCurvePng.write(curves(withLearned, withAdam),
                "MNIST convolutional ComputationGraph: learned optimizer vs Adam (lr " + ADAM_LEARNING_RATE + ")", plot);
        System.out.printf("%n%-10s %6s %12s %10s %14s%n", "optimizer", "steps", "last loss", "test loss", "test accuracy");
        for (TrainingRun run : List.of(withLearned, withAdam)) {
            System.out.printf(Locale.ROOT, "%-10s %6d %12.4f %10.4f %14.4f%n", run.optimizer(), steps,
                    run.minibatchLoss()[steps - 1], run.testLoss(), run.testAccuracy());
        }
        System.out.println("Plot: " + plot.toAbsolutePath());
        return new Outcome(withLearned, withAdam, plot);
    }

    /** The learned optimizer to train with: the one given, or the pretrained one shipped with l2l4j. */
    static LearnedUpdater learnedUpdater(Path optimizerFile) {
        if (optimizerFile != null) {
            System.out.println("Learned optimizer: " + optimizerFile);
            return LearnedUpdater.load(optimizerFile);
        }
        System.out.println("Learned optimizer: the default one shipped with l2l4j (general), meta-trained on five"
                + " small 28x28 MNIST networks, none of them the one trained here");
        return LearnedUpdater.pretrained();
    }

    /** The two runs' loss curves in a fixed order: the learned optimizer first. */
    private static Map<String, double[]> curves(TrainingRun learned, TrainingRun adam) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put(learned.optimizer(), learned.minibatchLoss());
        curves.put(adam.optimizer(), adam.minibatchLoss());
        return curves;
    }

    /** Two 5x5 convolutions with max pooling, a dense layer and a softmax: about 21,000 parameters. */
    static ComputationGraphConfiguration convolutionalNetwork(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(WEIGHT_SEED)
                .dataType(DataType.FLOAT)          // the learned updater takes FLOAT or DOUBLE, not HALF
                .weightInit(WeightInit.RELU)
                .updater(updater)
                .graphBuilder()
                .addInputs("pixels")
                // MnistDataSetIterator yields rows of 784 pixels; DL4J reshapes them to 28x28 images for the convolutions
                .setInputTypes(InputType.convolutionalFlat(28, 28, 1))
                .addLayer("conv1", new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build(), "pixels")
                .addLayer("pool1", maxPool(), "conv1")
                .addLayer("conv2", new ConvolutionLayer.Builder(5, 5).nOut(16).activation(Activation.RELU).build(), "pool1")
                .addLayer("pool2", maxPool(), "conv2")
                .addLayer("dense", new DenseLayer.Builder().nOut(64).activation(Activation.RELU).build(), "pool2")
                .addLayer("digit", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("digit")
                .build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private TrainingRun train(String optimizer, ComputationGraphConfiguration configuration, File mnistDirectory)
            throws IOException {
        System.out.printf("%nTraining the convolutional network with %s for %d steps%n", optimizer, steps);
        ComputationGraph graph = new ComputationGraph(configuration);
        graph.init();
        CollectScoresListener lossCurve = new CollectScoresListener(1);
        graph.setListeners(new ScoreIterationListener(Math.max(1, steps / 8)), lossCurve);
        // Shuffled by a fixed seed, so both optimizers see the same minibatches in the same order.
        DataSetIterator train = new MnistDataSetIterator(BATCH_SIZE, 60_000, false, true, true, TRAINING_DATA_SEED,
                mnistDirectory);
        graph.fit(new EarlyTerminationDataSetIterator(train, steps));

        Evaluation evaluation = new Evaluation(10);
        double testLossSum = 0;
        int testExamples = 0;
        DataSetIterator test = new MnistDataSetIterator(TEST_BATCH_SIZE, testImages, false, false, false, 0, mnistDirectory);
        while (test.hasNext()) {
            DataSet batch = test.next();
            evaluation.eval(batch.getLabels(), graph.outputSingle(batch.getFeatures()));
            testLossSum += graph.score(batch) * batch.numExamples();
            testExamples += batch.numExamples();
        }
        double testLoss = testLossSum / testExamples;
        System.out.printf("%s: test loss %.4f, test accuracy %.4f%n", optimizer, testLoss, evaluation.accuracy());
        return new TrainingRun(optimizer, lossCurve.getListScore().toDoubleArray(), testLoss, evaluation.accuracy());
    }
}
