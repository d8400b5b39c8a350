package org.l2l4j.meta;

/**
 * What meta-training does when an epoch diverges (a non-finite φ, training loss or validation loss). Either way
 * the epoch's results are discarded and the best φ on disk is left as it was.
 */
public enum DivergencePolicy {
    /** Stop with an error that names the epoch. */
    STOP,
    /**
     * Go back to the state at the start of the epoch (φ and Adam's moments), halve the meta learning rate and run
     * the epoch again; stop once {@link MetaTrainer#MAX_ROLLBACKS} rollbacks have not been enough.
     */
    ROLL_BACK
}
