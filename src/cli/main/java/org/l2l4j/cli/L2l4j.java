package org.l2l4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./l2l4j} command line. */
@Command(name = "l2l4j",
        mixinStandardHelpOptions = true,
        version = "l2l4j 0.1.0",
        description = "Learned optimizers (Andrychowicz et al. 2016) for Deeplearning4j.",
        subcommands = {DemoCommand.class, MetaTrainCommand.class, EvaluateCommand.class, TasksCommand.class, DataCommand.class, CommandLine.HelpCommand.class})
public final class L2l4j implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new L2l4j()).setExecutionExceptionHandler(new UserErrorHandler());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
