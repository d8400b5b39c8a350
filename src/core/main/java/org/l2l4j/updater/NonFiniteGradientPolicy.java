package org.l2l4j.updater;

/**
 * What to do when a gradient holds NaN or an infinity. Given to {@link LearnedUpdater#onNonFiniteGradient}, it
 * covers the learned updater's own blocks only: their parameters and LSTM state. Given to
 * {@link NonFiniteStepGuard}, it covers the whole network: every parameter (batch-normalization statistics
 * included), every layer's updater state and the iteration count.
 */
public enum NonFiniteGradientPolicy {

    /** Throw {@link NonFiniteGradientException} before changing what is covered: a bad gradient is a bug to find. */
    THROW,

    /**
     * Skip the step for what is covered and log a warning: the learned updater returns an all-zero update for its
     * block and keeps its LSTM state; the guard restores the whole network. For long runs where a rare bad minibatch
     * should not end training.
     */
    SKIP_STEP
}
