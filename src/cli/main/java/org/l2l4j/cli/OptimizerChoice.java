package org.l2l4j.cli;

import org.l2l4j.updater.LearnedUpdater;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Which learned optimizer to use: the word {@code pretrained} (the shipped default), {@code pretrained:NAME} (a
 * shipped optimizer by name, such as {@code pretrained:paper-mnist}) or the path of an optimizer.l2l.
 */
final class OptimizerChoice {

    static final String PRETRAINED = "pretrained";
    private static final String BY_NAME = PRETRAINED + ":";

    @Option(names = "--optimizer", defaultValue = PRETRAINED, paramLabel = "pretrained|pretrained:NAME|PATH",
            description = "The learned optimizer: the shipped default (general), a shipped one by name (general,"
                    + " paper-mnist) or an optimizer.l2l (default: ${DEFAULT-VALUE}).")
    String optimizer;

    /** The optimizer chosen with --optimizer. */
    LearnedUpdater load() {
        return load(optimizer);
    }

    static LearnedUpdater load(String choice) {
        if (PRETRAINED.equals(choice)) {
            return LearnedUpdater.pretrained();
        }
        if (choice.startsWith(BY_NAME)) {
            return LearnedUpdater.pretrained(choice.substring(BY_NAME.length()));
        }
        return LearnedUpdater.load(Path.of(choice));
    }
}
