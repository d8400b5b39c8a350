package org.l2l4j.cli;

import org.l2l4j.eval.Baseline;
import org.l2l4j.eval.OptimizerComparison;
import org.l2l4j.eval.RaceResult;
import org.l2l4j.problem.Problem;
import org.l2l4j.updater.LearnedUpdater;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {"Race a learned optimizer against SGD, NAG, RMSprop and Adam, each at its learning rate tuned on"
                + " a grid from 1e-4 to 3, on the test split (MNIST) or fresh quadratics. Writes DIR/summary.json,"
                + " DIR/curves.csv, DIR/curves.png and DIR/report.md."})
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions = new ProblemOptions();

    @Mixin
    OptimizerChoice optimizer = new OptimizerChoice();

    @Option(names = "--steps", defaultValue = "100", description = "Training steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seeds", defaultValue = "20", description = "Reporting runs per optimizer (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws IOException {
        problemOptions.validate(spec.commandLine());
        OptionChecks.atLeastOne(spec.commandLine(), "--steps", steps);
        OptionChecks.atLeastOne(spec.commandLine(), "--seeds", seeds);
        OutputDirectory.require(spec.commandLine(), out);
        LearnedUpdater learned = optimizer.load();
        Problem problem = problemOptions.evaluationProblem();
        System.out.printf("Evaluating on %s, %d steps, %d seeds%n", problem.describe(), steps, seeds);
        List<RaceResult> results = new OptimizerComparison(problem, steps, System.out)
                .compare(learned, List.of(Baseline.values()), seeds);
        RaceReport report = new RaceReport(problem.describe(), steps, seeds, results);
        System.out.println();
        System.out.print(report.table());
        report.write(out, problem.describe() + ": learned optimizer vs tuned baselines");
        System.out.println("Report: " + out.resolve("report.md").toAbsolutePath());
        return 0;
    }
}
