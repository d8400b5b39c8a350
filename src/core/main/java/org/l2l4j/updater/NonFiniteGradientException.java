package org.l2l4j.updater;

import org.deeplearning4j.nn.api.Model;

/**
 * A gradient held NaN or infinite values. Thrown by the learned updater for its own block, or by
 * {@link NonFiniteStepGuard} for the whole network; the message says which values were checked and what was left
 * unchanged.
 *
 * <p>DL4J hands an updater only array views, never layer names, so the message locates the bad value by its
 * index in the network's flattened parameters. {@link #locatedIn(Model)} turns that into the layer and
 * parameter name: {@code catch (NonFiniteGradientException e) { throw e.locatedIn(net); }}.
 */
public final class NonFiniteGradientException extends IllegalStateException {

    private final long parameterIndex;
    private final int iteration;

    NonFiniteGradientException(String message, long parameterIndex, int iteration) {
        super(message);
        this.parameterIndex = parameterIndex;
        this.iteration = iteration;
    }

    private NonFiniteGradientException(String message, NonFiniteGradientException cause) {
        super(message, cause);
        this.parameterIndex = cause.parameterIndex;
        this.iteration = cause.iteration;
    }

    /** Index of the offending value in the network's flattened parameters ({@code net.params()}). */
    public long parameterIndex() {
        return parameterIndex;
    }

    public int iteration() {
        return iteration;
    }

    /**
     * The same failure with a message that starts with the layer and parameter of {@code model} the bad value
     * belongs to. {@code model} must be the MultiLayerNetwork or ComputationGraph whose training threw this.
     */
    public NonFiniteGradientException locatedIn(Model model) {
        return new NonFiniteGradientException(ParameterLocator.describe(model, parameterIndex) + ": " + getMessage(), this);
    }
}
