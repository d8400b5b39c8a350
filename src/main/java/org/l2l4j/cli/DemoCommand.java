package org.l2l4j.cli;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.eval.LossCurvePlot;
import org.l2l4j.eval.MnistRace;
import org.l2l4j.eval.RaceReport;
import org.l2l4j.eval.RaceResult;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.learning.config.Adam;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Train the paper's MNIST MLP (784-20-10, sigmoid, batch 128) with a learned optimizer and with"
                + " Adam on the same seeds and minibatches; print a table and write a plot of the loss curves."})
final class DemoCommand implements Runnable {

    /** Adam's tuned MNIST learning rate in a public re-implementation (SPEC §2). */
    private static final double ADAM_LEARNING_RATE = 0.03;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--optimizer", paramLabel = "PATH",
            description = "An optimizer.l2l to race. Default: an untrained optimizer (random φ, seed 1), until a"
                    + " pretrained one ships.")
    Path optimizer;

    @Option(names = "--data", paramLabel = "DIR", description = "An MNIST-format directory. Default: MNIST, fetched on first use.")
    Path dataDir;

    @Option(names = "--steps", defaultValue = "100", description = "Training steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seeds", defaultValue = "3", description = "Runs per optimizer, each from its own θ_0 and minibatches (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output",
            description = "Where to write demo.png and demo.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public void run() {
        if (steps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--steps must be at least 1, got " + steps);
        }
        if (seeds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1, got " + seeds);
        }
        // checked now rather than after minutes of training, when the results are written
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out must be a directory, but " + out
                    + " is a file; pass a new or existing directory");
        }
        LearnedUpdater learned;
        if (optimizer != null) {
            learned = LearnedUpdater.load(optimizer);
        } else {
            System.out.println("Note: no pretrained optimizer ships yet, so this races an UNTRAINED optimizer"
                    + " (random φ). Pass --optimizer PATH to race a meta-trained one.");
            learned = LearnedUpdater.randomInit(1);
        }
        MnistDataset data = MnistDataset.resolve(dataDir);
        MnistRace race = new MnistRace(data, MnistMlp.PAPER, steps, 128, System.out);
        long[] seedList = LongStream.rangeClosed(1, seeds).toArray();
        System.out.printf("Training %s on MNIST for %d steps, %d seed(s) per optimizer%n", MnistMlp.PAPER.describe(), steps, seeds);
        List<RaceResult> results = List.of(
                race.run("learned", learned, seedList),
                race.run("adam", new Adam(ADAM_LEARNING_RATE), seedList));
        System.out.println();
        System.out.print(RaceReport.table(results));
        try {
            Path png = out.resolve("demo.png");
            LossCurvePlot.write(results, "MNIST MLP " + MnistMlp.PAPER.describe() + ": learned optimizer vs Adam (lr "
                    + ADAM_LEARNING_RATE + ")", png);
            RaceReport.writeCurvesCsv(results, out.resolve("demo.csv"));
            System.out.println("Plot: " + png.toAbsolutePath());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the demo's results to " + out + ": " + e.getMessage(), e);
        }
    }
}
