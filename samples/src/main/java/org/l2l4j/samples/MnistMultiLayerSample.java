package org.l2l4j.samples;

import org.deeplearning4j.datasets.iterator.EarlyTerminationDataSetIterator;
import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.listeners.CollectScoresListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.deeplearning4j.util.ModelSerializer;
import org.l2l4j.io.AtomicFiles;
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

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The learned optimizer in ordinary DL4J {@link MultiLayerNetwork}s on MNIST, next to Adam.
 *
 * <p>Two networks, each trained once with {@code LearnedUpdater} and once with {@code Adam} from the same initial
 * weights on the same minibatches: the paper's MLP (784-20-10, sigmoid), the setting the optimizer is meta-trained
 * on, and a wider ReLU MLP (784-128-10), where the paper saw its optimizer fail. The sample prints DL4J's test
 * accuracy for each run and writes a plot of the loss curves per network. It then saves the paper MLP trained with
 * the learned optimizer with {@link ModelSerializer}, reloads it and trains it further: the LSTM state of every
 * parameter lives in DL4J's updater state, so training resumes exactly where it stopped.
 *
 * <p>Run: {@code mvn -q -f samples exec:java -Dexec.mainClass=org.l2l4j.samples.MnistMultiLayerSample
 * -Dexec.args="--steps 200"}; {@code --help} lists the options.
 */
@Command(name = "MnistMultiLayerSample", mixinStandardHelpOptions = true,
        description = "Train MNIST MLPs with a learned optimizer and with Adam, plot both loss curves, then save,"
                + " reload and continue training the learned one.")
public final class MnistMultiLayerSample implements Callable<Integer> {

    static final int BATCH_SIZE = 128;
    /** Full minibatches in one pass over MNIST's 60,000 training images. */
    static final int MAX_STEPS = 60_000 / BATCH_SIZE;
    private static final long TRAINING_DATA_SEED = 42;
    private static final long CONTINUED_TRAINING_DATA_SEED = 43;
    private static final long WEIGHT_SEED = 7;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--optimizer", paramLabel = "PATH",
            description = "A meta-trained optimizer.l2l. Default: the pretrained optimizer shipped with l2l4j.")
    Path optimizerFile;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "200",
            description = "Minibatches of 128 per training run, 1 to " + MAX_STEPS + " (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--data", paramLabel = "DIR", description = "A directory with the four uncompressed MNIST IDX files. Default: ~/.l2l4j/data/mnist,"
                    + " which ./l2l4j data fills.")
    Path dataDirectory;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "samples-output/mnist-multilayer",
            description = "Where to write the plots and the saved model (default: ${DEFAULT-VALUE}).")
    Path outputDirectory;

    /** One network trained with one optimizer: its loss on each training minibatch before that step's update, and its test results. */
    record TrainingRun(String network, String optimizer, MultiLayerNetwork model, double[] minibatchLoss,
                       double testLoss, double testAccuracy) {
    }

    /** What the sample did, for its test. */
    record Outcome(List<TrainingRun> runs, List<Path> plots, Path savedModel, MultiLayerNetwork savedNetwork,
                   boolean reloadedExactly, TrainingRun continued) {
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new MnistMultiLayerSample()).execute(args);
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
        LearnedUpdater learned = learnedUpdater(optimizerFile);
        File mnistDirectory = MnistFiles.directory(dataDirectory);
        DataSet test = new MnistDataSetIterator(10_000, 10_000, false, false, false, 0, mnistDirectory).next();

        List<TrainingRun> runs = new ArrayList<>();
        List<Path> plots = new ArrayList<>();
        // Adam's learning rate for the paper's MLP is the tuned value of a public re-implementation; for the ReLU MLP
        // a smaller one, because 0.03 is far above what ReLU networks of this size usually tolerate.
        for (Network network : List.of(
                new Network("paper-mlp", "784-20-10 sigmoid", MnistMultiLayerSample::paperMlp, new Adam(0.03)),
                new Network("relu-mlp", "784-128-10 relu", MnistMultiLayerSample::wideReluMlp, new Adam(0.003)))) {
            TrainingRun withLearned = train(network.description(), "learned", network.configuration().apply(learned),
                    mnistDirectory, test);
            TrainingRun withAdam = train(network.description(), "adam", network.configuration().apply(network.adam()),
                    mnistDirectory, test);
            runs.add(withLearned);
            runs.add(withAdam);
            Path plot = outputDirectory.resolve(network.fileName() + ".png");
            LossCurvePng.write(curves(withLearned, withAdam),
                    "MNIST " + network.description() + ": learned optimizer vs Adam (lr "
                            + network.adam().getLearningRate() + ")", plot);
            plots.add(plot);
        }

        MultiLayerNetwork saved = runs.get(0).model();
        Path modelFile = outputDirectory.resolve("paper-mlp-learned.zip");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        // true: save the updater state too, which holds the learned optimizer's LSTM state for every parameter
        ModelSerializer.writeModel(saved, zip, true);
        AtomicFiles.write(modelFile, zip.toByteArray());
        MultiLayerNetwork reloaded = ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), true);
        boolean reloadedExactly = sameBits(saved, reloaded);
        System.out.printf("%nSaved %s and reloaded it: parameters and optimizer state %s%n", modelFile,
                reloadedExactly ? "identical to the saved network, bit for bit" : "DIFFER from the saved network");
        TrainingRun continued = continueTraining(reloaded, runs.get(0).network(), mnistDirectory, test);

        System.out.println();
        System.out.print(table(runs, continued));
        plots.forEach(plot -> System.out.println("Plot: " + plot.toAbsolutePath()));
        return new Outcome(runs, plots, modelFile, saved, reloadedExactly, continued);
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

    /** A network of this sample: its name in file names, its description, its configuration for an updater, and its Adam baseline. */
    private record Network(String fileName, String description, Function<IUpdater, MultiLayerConfiguration> configuration,
                           Adam adam) {
    }

    /** The paper's MLP, initialised as in the paper's code (weights and biases N(0, 0.01²)). */
    static MultiLayerConfiguration paperMlp(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(WEIGHT_SEED)
                .dataType(DataType.FLOAT)          // the learned updater takes FLOAT or DOUBLE, not HALF
                .weightInit(new NormalDistribution(0, 0.01))
                .biasInit(0)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(20).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(20).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /** A wider MLP with ReLU and DL4J's usual He initialisation for it. */
    static MultiLayerConfiguration wideReluMlp(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(WEIGHT_SEED)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    private TrainingRun train(String network, String optimizer, MultiLayerConfiguration configuration,
                              File mnistDirectory, DataSet test) throws IOException {
        System.out.printf("%nTraining %s with %s for %d steps%n", network, optimizer, steps);
        MultiLayerNetwork model = new MultiLayerNetwork(configuration);
        model.init();
        return fitAndTest(model, network, optimizer, TRAINING_DATA_SEED, mnistDirectory, test);
    }

    private TrainingRun continueTraining(MultiLayerNetwork reloaded, String network, File mnistDirectory, DataSet test)
            throws IOException {
        System.out.printf("Continuing the reloaded network for %d more steps on freshly shuffled minibatches%n", steps);
        return fitAndTest(reloaded, network, "learned, reloaded", CONTINUED_TRAINING_DATA_SEED, mnistDirectory, test);
    }

    private TrainingRun fitAndTest(MultiLayerNetwork model, String network, String optimizer, long dataSeed,
                                   File mnistDirectory, DataSet test) throws IOException {
        CollectScoresListener lossCurve = new CollectScoresListener(1);
        model.setListeners(new ScoreIterationListener(Math.max(1, steps / 8)), lossCurve);
        // Shuffled by dataSeed, so every optimizer sees the same minibatches in the same order.
        DataSetIterator train = new MnistDataSetIterator(BATCH_SIZE, 60_000, false, true, true, dataSeed, mnistDirectory);
        model.fit(new EarlyTerminationDataSetIterator(train, steps));

        Evaluation evaluation = new Evaluation(10);
        evaluation.eval(test.getLabels(), model.output(test.getFeatures()));
        double testLoss = model.score(test);
        System.out.printf("%s with %s: test loss %.4f, test accuracy %.4f%n", network, optimizer, testLoss,
                evaluation.accuracy());
        return new TrainingRun(network, optimizer, model, lossCurve.getListScore().toDoubleArray(), testLoss,
                evaluation.accuracy());
    }

    /** Bit-for-bit comparison: a float that changed in its last bit would already make resumed training differ. */
    private static boolean sameBits(MultiLayerNetwork expected, MultiLayerNetwork actual) {
        return Arrays.equals(expected.params().toFloatVector(), actual.params().toFloatVector())
                && Arrays.equals(expected.getUpdater().getStateViewArray().toFloatVector(),
                actual.getUpdater().getStateViewArray().toFloatVector());
    }

    /** The two runs' loss curves in a fixed order: the learned optimizer first. */
    private static Map<String, double[]> curves(TrainingRun learned, TrainingRun adam) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put(learned.optimizer(), learned.minibatchLoss());
        curves.put(adam.optimizer(), adam.minibatchLoss());
        return curves;
    }

    private String table(List<TrainingRun> runs, TrainingRun continued) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-18s %-18s %6s %12s %10s %14s%n",
                "network", "optimizer", "steps", "last loss", "test loss", "test accuracy"));
        List<TrainingRun> rows = new ArrayList<>(runs);
        rows.add(continued);
        for (TrainingRun run : rows) {
            double[] loss = run.minibatchLoss();
            table.append(String.format(Locale.ROOT, "%-18s %-18s %6d %12.4f %10.4f %14.4f%n", run.network(),
                    run.optimizer(), run == continued ? 2 * steps : steps, loss[loss.length - 1], run.testLoss(),
                    run.testAccuracy()));
        }
        return table.toString();
    }
}
