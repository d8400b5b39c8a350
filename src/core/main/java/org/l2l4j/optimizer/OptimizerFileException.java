package org.l2l4j.optimizer;

/** An optimizer file (or encoded φ) that cannot be used; the message names the source, the problem and the fix. */
public final class OptimizerFileException extends RuntimeException {

    public OptimizerFileException(String message) {
        super(message);
    }

    public OptimizerFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
