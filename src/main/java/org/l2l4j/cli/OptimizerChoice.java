package org.l2l4j.cli;

import org.l2l4j.updater.LearnedUpdater;

import java.nio.file.Path;

/** The value of --optimizer: the word {@code pretrained} or the path of an optimizer.l2l. */
final class OptimizerChoice {

    static final String PRETRAINED = "pretrained";

    private OptimizerChoice() {
    }

    static LearnedUpdater load(String choice) {
        return PRETRAINED.equals(choice) ? LearnedUpdater.pretrained() : LearnedUpdater.load(Path.of(choice));
    }
}
