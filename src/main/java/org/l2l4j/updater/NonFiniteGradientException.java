package org.l2l4j.updater;

/** A gradient reached the learned optimizer with NaN or infinite values; nothing was changed. */
public final class NonFiniteGradientException extends IllegalStateException {

    public NonFiniteGradientException(String message) {
        super(message);
    }
}
