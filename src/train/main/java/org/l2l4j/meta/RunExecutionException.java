package org.l2l4j.meta;

/** The optimizee runs of a truncation could not be executed, for a reason outside meta-training's math. */
public class RunExecutionException extends RuntimeException {

    public RunExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
