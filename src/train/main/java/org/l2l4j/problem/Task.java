package org.l2l4j.problem;

import org.l2l4j.data.MnistSplit;

/**
 * A named built-in optimizee ({@code --task NAME}): a preset network on MNIST (maybe downsampled), or the
 * paper's quadratics. Its role keeps meta-training and the held-out measurement apart.
 */
public interface Task {

    /** Whether a task may be meta-trained on, or is held out to measure how a trained φ generalizes. */
    enum Role {
        META_TRAINING("for meta-training"),
        HELD_OUT("held out: measured by the generalization suite, never meta-trained on");

        private final String meaning;

        Role(String meaning) {
            this.meaning = meaning;
        }

        public String meaning() {
            return meaning;
        }
    }

    String name();

    Role role();

    String description();

    int parameterCount();

    /**
     * The optimizee with minibatches drawn from {@code batchesFrom} and final metrics on {@code evaluatedOn}
     * (full-size MNIST splits; a task on smaller images shrinks them itself). Quadratics ignore both.
     */
    Problem problem(MnistSplit batchesFrom, MnistSplit evaluatedOn);

    /** Whether the task trains on images (every task but the quadratics). */
    default boolean needsImages() {
        return true;
    }

    /** What identifies the task's optimizee exactly, for cache keys: its configuration and settings. */
    String definition();
}
