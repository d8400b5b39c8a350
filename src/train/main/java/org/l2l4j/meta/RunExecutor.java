package org.l2l4j.meta;

import org.l2l4j.optimizer.LearnedOptimizer;

import java.util.List;

/**
 * Where the optimizee runs of an epoch execute: in this JVM ({@link LocalRunExecutor}) or elsewhere, such as on
 * Spark executors. {@link MetaTrainer} does everything else (φ, Adam, validation, checkpoints) the same way for
 * all of them, and sums the returned gradients itself in run order, so every executor gives identical results.
 */
public interface RunExecutor extends AutoCloseable {

    /** Starts the epoch's runs on problem {@code problemIndex} of the trainer's list: one fresh run per seed. */
    void startRuns(int problemIndex, long[] seeds);

    /**
     * Runs one truncation of every started run with φ, advancing each run's θ and LSTM state, and returns each
     * run's meta-loss and φ-gradient in run order.
     *
     * @throws RunExecutionException when the runs could not be executed (a lost cluster, a failing worker)
     */
    List<RunGradient> truncation(LearnedOptimizer phi);

    /** Releases what the runs hold; does not throw. */
    @Override
    void close();
}
