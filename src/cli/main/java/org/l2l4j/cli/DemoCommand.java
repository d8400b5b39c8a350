package org.l2l4j.cli;

import org.l2l4j.eval.RaceSettings;
import org.l2l4j.problem.MlpActivation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code evaluate} with the demo's preset: the paper's MNIST MLP (the default problem), {@link RaceSettings#DEMO}
 * (5 seeds, tuned Adam only) and {@code demo-output/}; then, unless an option chose the optimizee, the same MLP with
 * ReLU units into {@code demo-output/relu/}, a case the paper's optimizer lost. Every option of {@code evaluate}
 * works here too.
 */
@Command(name = "demo",
        defaultValueProvider = DemoCommand.DemoDefaults.class,
        description = {"Train the paper's MNIST MLP (784-20-10, sigmoid, batch 128) on the test split with the pretrained"
                + " optimizer and with Adam at its tuned learning rate, on the same seeds and minibatches; print a table"
                + " and write a plot of the loss curves. Then the same with ReLU units, into OUT/relu, unless --problem,"
                + " --activation or --hidden chose the optimizee. It is evaluate with other defaults and takes the same"
                + " options."})
final class DemoCommand extends RaceCommand {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output",
            description = "Where to write curves.png, curves.csv, summary.json and report.md (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    Path out() {
        return out;
    }

    @Override
    public Integer call() throws IOException {
        int code = super.call();
        var parsed = spec.commandLine().getParseResult();
        if (code != 0 || parsed.hasMatchedOption("--problem") || parsed.hasMatchedOption("--activation")
                || parsed.hasMatchedOption("--hidden")) {
            return code;
        }
        System.out.println();
        problemOptions.activation = MlpActivation.RELU;
        out = out.resolve("relu");
        return super.call();
    }

    static final class DemoDefaults extends PresetDefaults {
        DemoDefaults() {
            super(RaceSettings.DEMO);
        }
    }
}
