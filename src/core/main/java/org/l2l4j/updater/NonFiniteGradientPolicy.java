package org.l2l4j.updater;

/** What the learned updater does when a gradient it receives holds NaN or an infinity. */
public enum NonFiniteGradientPolicy {

    /** Throw {@link NonFiniteGradientException} before changing anything: a bad gradient is a bug to find. */
    THROW,

    /**
     * Skip the step: return an all-zero update, so DL4J leaves the parameters as they were, keep the LSTM state
     * unchanged, and log a warning. For long runs where a rare bad minibatch should not end training.
     */
    SKIP_STEP
}
