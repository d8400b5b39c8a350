package org.l2l4j.samples;

import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.deeplearning4j.datasets.iterator.EarlyTerminationDataSetIterator;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The learned optimizer in SameDiff: the paper's MNIST MLP (784-20-10, sigmoid) written as a SameDiff graph and
 * trained through its {@link TrainingConfig}, once with {@code LearnedUpdater}
 * and once with {@code Adam}, from the same initial weights on the same minibatches.
 *
 * <p>Run: {@code mvn -q -f samples exec:java -Dexec.mainClass=org.l2l4j.samples.SameDiffSample
 * -Dexec.args="--steps 200"}; {@code --help} lists the options.
 */
@Command(name = "SameDiffSample", mixinStandardHelpOptions = true,
        description = "Train the paper's MNIST MLP, written in SameDiff, with a learned optimizer and with Adam.")
public final class SameDiffSample implements Callable<Integer> {

    static final int BATCH_SIZE = 128;
    /** Full minibatches in one pass over MNIST's 60,000 training images. */
    static final int MAX_STEPS = 60_000 / BATCH_SIZE;
    private static final long TRAINING_DATA_SEED = 42;
    private static final long WEIGHT_SEED = 7;
    /** Adam's tuned MNIST learning rate in a public re-implementation of the paper. */
    private static final double ADAM_LEARNING_RATE = 0.03;

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

    /** One training run: the test loss before and after training, and the test accuracy after. */
    record TrainingRun(String optimizer, SameDiff model, double initialTestLoss, double testLoss, double testAccuracy) {
    }

    public static void main(String[] args) {
        int exitCode = new CommandLine(new SameDiffSample()).execute(args);
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

    List<TrainingRun> run() throws IOException {
        if (steps < 1 || steps > MAX_STEPS) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--steps must be between 1 and " + MAX_STEPS + " (one pass over the training images), got " + steps);
        }
        LearnedUpdater learned = learnedUpdater(optimizerFile);
        File mnistDirectory = MnistFiles.directory(dataDirectory);
        DataSet test = new MnistDataSetIterator(10_000, 10_000, false, false, false, 0, mnistDirectory).next();

        List<TrainingRun> runs = List.of(
                train("learned", paperMlp(learned), mnistDirectory, test),
                train("adam", paperMlp(new Adam(ADAM_LEARNING_RATE)), mnistDirectory, test));
        System.out.printf("%n%-10s %6s %19s %10s %14s%n", "optimizer", "steps", "initial test loss", "test loss",
                "test accuracy");
        for (TrainingRun run : runs) {
            System.out.printf(Locale.ROOT, "%-10s %6d %19.4f %10.4f %14.4f%n", run.optimizer(), steps,
                    run.initialTestLoss(), run.testLoss(), run.testAccuracy());
        }
        return runs;
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

    /**
     * 784-20-10 with sigmoid, weights N(0, 0.01²) and zero biases as in the paper's code. The updater comes in
     * through the TrainingConfig; SameDiff gives every trainable variable its own instance of it.
     */
    static SameDiff paperMlp(IUpdater updater) {
        SameDiff sd = SameDiff.create();
        SDVariable pixels = sd.placeHolder("pixels", DataType.FLOAT, -1, 784);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 10);
        // the same seed for every model, so both optimizers start from the same weights
        Nd4j.getRandom().setSeed(WEIGHT_SEED);
        // FLOAT variables (DOUBLE works too, computed in float; HALF is refused)
        SDVariable hiddenWeights = sd.var("hiddenWeights", Nd4j.randn(DataType.FLOAT, 784, 20).muli(0.01));
        SDVariable hiddenBias = sd.var("hiddenBias", Nd4j.zeros(DataType.FLOAT, 1, 20));
        SDVariable outputWeights = sd.var("outputWeights", Nd4j.randn(DataType.FLOAT, 20, 10).muli(0.01));
        SDVariable outputBias = sd.var("outputBias", Nd4j.zeros(DataType.FLOAT, 1, 10));

        SDVariable hidden = sd.nn.sigmoid(pixels.mmul(hiddenWeights).add(hiddenBias));
        SDVariable logits = hidden.mmul(outputWeights).add(outputBias);
        sd.nn.softmax("probabilities", logits, 1);
        sd.loss.softmaxCrossEntropy("loss", label, logits, null);

        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(updater)
                .dataSetFeatureMapping("pixels")
                .dataSetLabelMapping("label")
                // Named explicitly: otherwise SameDiff 1.0.0-M2.1 trains correctly but reports every loss as 0
                // (deeplearning4j issues 9684 and 9853).
                .build());
        return sd;
    }

    private TrainingRun train(String optimizer, SameDiff model, File mnistDirectory, DataSet test) throws IOException {
        System.out.printf("%nTraining the SameDiff MLP with %s for %d steps%n", optimizer, steps);
        // Shuffled by a fixed seed, so both optimizers see the same minibatches in the same order.
        DataSetIterator train = new MnistDataSetIterator(BATCH_SIZE, 60_000, false, true, true, TRAINING_DATA_SEED,
                mnistDirectory);
        double initialTestLoss = model.output(test, "loss").get("loss").getDouble(0);
        // No per-step loss here: SameDiff 1.0.0-M2.1 trains correctly but reports every training loss as 0 to its
        // listeners and in the History (deeplearning4j issues 9684, 9806, 9853), so the sample reports test loss.
        model.fit(new EarlyTerminationDataSetIterator(train, steps), 1);

        Map<String, INDArray> outputs = model.output(test, "loss", "probabilities");
        Evaluation evaluation = new Evaluation(10);
        evaluation.eval(test.getLabels(), outputs.get("probabilities"));
        double testLoss = outputs.get("loss").getDouble(0);
        System.out.printf("%s: test loss %.4f before training, %.4f after; test accuracy %.4f%n", optimizer,
                initialTestLoss, testLoss, evaluation.accuracy());
        return new TrainingRun(optimizer, model, initialTestLoss, testLoss, evaluation.accuracy());
    }
}
