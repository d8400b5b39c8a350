package org.l2l4j.cli;

import org.l2l4j.updater.LearnedUpdater;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Which learned optimizer to use: the word {@code pretrained} or the path of an optimizer.l2l. */
final class OptimizerChoice {

    static final String PRETRAINED = "pretrained";

    @Option(names = "--optimizer", defaultValue = PRETRAINED, paramLabel = "pretrained|PATH",
            description = "The learned optimizer: the shipped one or an optimizer.l2l (default: ${DEFAULT-VALUE}).")
    String optimizer;

    /** The optimizer chosen with --optimizer. */
    LearnedUpdater load() {
        return load(optimizer);
    }

    static LearnedUpdater load(String choice) {
        return PRETRAINED.equals(choice) ? LearnedUpdater.pretrained() : LearnedUpdater.load(Path.of(choice));
    }
}
