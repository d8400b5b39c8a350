package org.l2l4j.cli;

import picocli.CommandLine;

/** Range checks of option values that picocli's types cannot express, refused with the command's usage. */
final class OptionChecks {

    private OptionChecks() {
    }

    static void atLeastOne(CommandLine commandLine, String option, int value) {
        if (value < 1) {
            throw new CommandLine.ParameterException(commandLine, option + " must be at least 1, got " + value);
        }
    }
}
