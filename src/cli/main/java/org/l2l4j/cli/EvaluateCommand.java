package org.l2l4j.cli;

import org.l2l4j.eval.RaceSettings;
import org.l2l4j.eval.SuiteRunner;
import org.l2l4j.problem.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The race with {@link RaceSettings#EVALUATION}'s defaults (20 seeds, all four baselines); --out is required. */
@Command(name = "evaluate",
        defaultValueProvider = EvaluateCommand.EvaluationDefaults.class,
        description = {"Race a learned optimizer against SGD, NAG, RMSprop and Adam, each at its learning rate tuned on"
                + " a grid from 1e-4 to 3, on the test split (MNIST) or fresh quadratics. Writes DIR/summary.json,"
                + " DIR/curves.csv, DIR/curves.png and DIR/report.md."})
final class EvaluateCommand extends RaceCommand {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where to write curves.png, curves.csv, summary.json and report.md.")
    Path out;

    @Mixin
    ModelOptions modelOptions = new ModelOptions();

    @Option(names = "--suite", paramLabel = "NAME", description = "Run a named suite of cases instead of one problem"
            + " (paper or generalization), against SGD, NAG, RMSprop, Adam and Nadam; writes DIR/suite.json,"
            + " DIR/report.md and one plot per case.")
    String suite;

    @Option(names = "--quick", description = "With --suite: its cheap cases at a few steps on 500 examples.")
    boolean quick;

    @Option(names = "--case", paramLabel = "NAME", description = "With --suite: run only this case (repeatable);"
            + " the report then covers the cases run.")
    List<String> cases = List.of();

    @Option(names = "--cache", paramLabel = "DIR", description = "With --suite: where tuned baselines are cached"
            + " (default: ~/.l2l4j/cache/baselines).")
    Path cache;

    @Override
    Path out() {
        return out;
    }

    @Override
    public Integer call() throws IOException {
        if (suite == null) {
            return super.call();
        }
        CommandLine commandLine = spec.commandLine();
        OptionChecks.atLeastOne(commandLine, "--seeds", seeds);
        OutputDirectory.require(commandLine, out);
        SuiteEvaluation.checkName(commandLine, suite);
        try {
            SuiteRunner.selected(suite, quick, cases);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        SuiteEvaluation.run(suite, quick, cases, optimizer.load(), optimizer.optimizer, seeds, problemOptions.dataDir, cache, out,
                "./l2l4j " + String.join(" ", commandLine.getParseResult().originalArgs()));
        return 0;
    }

    /** A DL4J network or a built-in task when --model or --task chooses one. */
    @Override
    Problem evaluationProblem() {
        return modelOptions.chosen() ? modelOptions.evaluationProblem(spec.commandLine(), problemOptions.dataDir)
                : super.evaluationProblem();
    }

    static final class EvaluationDefaults extends PresetDefaults {
        EvaluationDefaults() {
            super(RaceSettings.EVALUATION);
        }
    }
}
