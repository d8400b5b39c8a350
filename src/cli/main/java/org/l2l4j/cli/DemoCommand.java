package org.l2l4j.cli;

import org.l2l4j.eval.RaceSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code evaluate} with the demo's preset: the paper's MNIST MLP (the default problem), {@link RaceSettings#DEMO}
 * (5 seeds, tuned Adam only) and {@code demo-output/}. Every option of {@code evaluate} works here too.
 */
@Command(name = "demo",
        defaultValueProvider = DemoCommand.DemoDefaults.class,
        description = {"Train the paper's MNIST MLP (784-20-10, sigmoid, batch 128) on the test split with the pretrained"
                + " optimizer and with Adam at its tuned learning rate, on the same seeds and minibatches; print a table"
                + " and write a plot of the loss curves. It is evaluate with other defaults and takes the same options."})
final class DemoCommand extends RaceCommand {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-output",
            description = "Where to write curves.png, curves.csv, summary.json and report.md (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    Path out() {
        return out;
    }

    static final class DemoDefaults extends PresetDefaults {
        DemoDefaults() {
            super(RaceSettings.DEMO);
        }
    }
}
