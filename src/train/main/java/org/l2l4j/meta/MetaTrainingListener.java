package org.l2l4j.meta;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link MetaTrainer} tells the program that runs it. The library draws no progress bar and writes no plot:
 * the command line does both from these events.
 */
public interface MetaTrainingListener {

    /** Listens to nothing. */
    MetaTrainingListener NONE = new MetaTrainingListener() {
    };

    /**
     * Before training starts or resumes, tuned Adam's losses on the validation runs, the yardstick of selection by
     * ratio to Adam, are computed for problem {@code problem} (from 0) of {@code problems}, described by
     * {@code description}: a learning-rate search that takes minutes on a large network.
     */
    default void tuningAdam(int problem, int problems, String description) {
    }

    /** Training starts (or resumes) at {@code firstEpoch} of {@code epochs}. */
    default void started(int firstEpoch, int epochs) {
    }

    /**
     * Truncation {@code truncation} (from 0) of the {@code truncations} of {@code epoch} is done: progress within an
     * epoch, so that a long run can show its estimated duration after its first meta-update.
     */
    default void truncationCompleted(int epoch, int truncation, int truncations) {
    }

    /** An epoch completed and was saved. */
    default void epochCompleted(Progress progress) {
    }

    /**
     * An epoch diverged and was discarded; it reruns at {@code learningRate}, rollback {@code rollback} of at most
     * {@link MetaTrainer#MAX_ROLLBACKS}.
     */
    default void rolledBack(String what, double learningRate, int rollback) {
    }

    /**
     * Where training stands after an epoch.
     *
     * @param epochs             the epochs the run will have in all
     * @param log                every epoch's row so far, this one last (the rows of log.csv)
     * @param bestValidationLoss the best validation loss so far, infinite before the first validation
     * @param remaining          estimated time to the last epoch, from this run's epochs so far
     */
    record Progress(int epochs, List<EpochResult> log, double bestValidationLoss, Duration remaining) {

        public EpochResult last() {
            return log.get(log.size() - 1);
        }
    }
}
