package org.l2l4j.problem;

/** A network file or configuration that cannot serve as an optimizee; the message names the file and the fix. */
public final class InvalidModelException extends IllegalArgumentException {

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
