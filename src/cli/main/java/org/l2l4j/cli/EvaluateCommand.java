package org.l2l4j.cli;

import org.l2l4j.eval.RaceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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

    @Override
    Path out() {
        return out;
    }

    static final class EvaluationDefaults extends PresetDefaults {
        EvaluationDefaults() {
            super(RaceSettings.EVALUATION);
        }
    }
}
