package org.l2l4j.cli;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.eval.Baseline;
import org.l2l4j.eval.OptimizerComparison;
import org.l2l4j.eval.RaceResult;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Train the paper's MNIST MLP (784-20-10, sigmoid, batch 128) on the test split with the pretrained"
                + " optimizer and with Adam at its tuned learning rate, on the same seeds and minibatches; print a table"
                + " and write a plot of the loss curves."})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    OptimizerChoice optimizer = new OptimizerChoice();

    @Option(names = "--data", paramLabel = "DIR", description = "An MNIST-format directory. Default: MNIST, fetched on first use.")
    Path dataDir;

    @Option(names = "--steps", defaultValue = "100", description = "Training steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seeds", defaultValue = "5", description = "Runs per optimizer, each from its own θ_0 and minibatches (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output",
            description = "Where to write curves.png, curves.csv, summary.json and report.md (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        OptionChecks.atLeastOne(spec.commandLine(), "--steps", steps);
        OptionChecks.atLeastOne(spec.commandLine(), "--seeds", seeds);
        OutputDirectory.require(spec.commandLine(), out);
        LearnedUpdater learned = optimizer.load();
        MlpProblem problem = new MlpProblem(MnistMlp.PAPER, MnistDataset.resolve(dataDir).load(false), 128);
        System.out.printf("Training %s on the MNIST test split for %d steps, %d seed(s) per optimizer%n",
                MnistMlp.PAPER.describe(), steps, seeds);
        List<RaceResult> results = new OptimizerComparison(problem, steps, System.out)
                .compare(learned, List.of(Baseline.ADAM), seeds);
        RaceReport report = new RaceReport(problem.describe(), steps, seeds, results);
        System.out.println();
        System.out.print(report.table());
        report.write(out, "MNIST MLP " + MnistMlp.PAPER.describe() + ": learned optimizer vs tuned Adam");
        System.out.println("Plot: " + out.resolve("curves.png").toAbsolutePath());
        return 0;
    }
}
