package org.l2l4j.cli;

import org.l2l4j.eval.Baseline;
import org.l2l4j.eval.EvaluationMemory;
import org.l2l4j.eval.OptimizerComparison;
import org.l2l4j.eval.RaceResult;
import org.l2l4j.eval.RaceSettings;
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
import java.util.stream.Collectors;

/**
 * Races a learned optimizer against tuned baselines and writes the report: the code of both {@link EvaluateCommand}
 * and {@link DemoCommand}, which differ only in the defaults of the race options. Each takes them from a library
 * {@link RaceSettings} preset through its {@link PresetDefaults}.
 */
@Command(mixinStandardHelpOptions = true)
abstract class RaceCommand implements Callable<Integer>, CheckedBeforeWork {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ProblemOptions problemOptions = new ProblemOptions();

    @Mixin
    OptimizerChoice optimizer = new OptimizerChoice();

    @Option(names = "--steps", description = "Training steps per run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seeds", description = "Reporting runs per optimizer, each from its own θ_0 and minibatches"
            + " (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--baselines", split = ",", paramLabel = "NAME", converter = BaselineConverter.class,
            description = "The baselines to tune and race: sgd, nag, rmsprop, adam, nadam (default: ${DEFAULT-VALUE}).")
    List<Baseline> baselines;

    /** The optimizee raced: the one the problem options choose, unless a command offers others. */
    Problem evaluationProblem() {
        return problemOptions.evaluationProblem();
    }

    /** Where to write the report: required by evaluate, defaulted by demo. */
    abstract Path out();

    private RaceSettings settings;
    private LearnedUpdater learned;

    @Override
    public void checkBeforeWork() throws IOException {
        CommandLine commandLine = spec.commandLine();
        problemOptions.validate(commandLine);
        OptionChecks.atLeastOne(commandLine, "--steps", steps);
        OptionChecks.atLeastOne(commandLine, "--seeds", seeds);
        try {
            settings = new RaceSettings(steps, seeds, baselines);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        learned = optimizer.load();
        MemoryCheck.require(EvaluationMemory.estimate(problemOptions.parameterCount(), learned, baselines, steps, seeds));
        OutputDirectory.require(commandLine, out());
    }

    @Override
    public Integer call() throws IOException {
        checkBeforeWork();
        Path out = out();
        Problem problem = evaluationProblem();
        String rivals = "tuned " + baselines.stream().map(Baseline::label).collect(Collectors.joining(", "));
        System.out.printf("Evaluating on %s, %d steps, %d seed(s) per optimizer: learned optimizer vs %s%n",
                problem.describe(), steps, seeds, rivals);
        List<RaceResult> results = OptimizerComparison.run(problem, learned, settings, System.out);
        RaceReport report = new RaceReport(problem.describe(), steps, seeds, results);
        System.out.println();
        System.out.print(report.table());
        report.write(out, problem.describe() + ": learned optimizer vs " + rivals);
        System.out.println("Report: " + out.resolve("report.md").toAbsolutePath());
        System.out.println("Plot: " + out.resolve("curves.png").toAbsolutePath());
        return 0;
    }

    /**
     * Defaults of the race options taken from a library preset. Picocli consults this before an option's own
     * default, and shows its values in the help.
     */
    abstract static class PresetDefaults implements CommandLine.IDefaultValueProvider {

        private final RaceSettings preset;

        PresetDefaults(RaceSettings preset) {
            this.preset = preset;
        }

        @Override
        public String defaultValue(CommandLine.Model.ArgSpec argument) {
            if (!(argument instanceof CommandLine.Model.OptionSpec option)) {
                return null;
            }
            return switch (option.longestName()) {
                case "--steps" -> String.valueOf(preset.steps());
                case "--seeds" -> String.valueOf(preset.seeds());
                case "--baselines" -> preset.baselines().stream().map(Baseline::label).collect(Collectors.joining(","));
                default -> null;
            };
        }
    }

    /** Spells baselines as options are spelled: sgd, nag, rmsprop, adam, nadam. */
    static final class BaselineConverter implements CommandLine.ITypeConverter<Baseline> {
        @Override
        public Baseline convert(String value) {
            try {
                return Baseline.named(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
