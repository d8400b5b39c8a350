package org.l2l4j.updater;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Writes NaN into one element of one parameter's gradient on the chosen fit calls, after backpropagation and
 * before the updater runs: the way a bad minibatch or an overflowing loss would reach the updater.
 */
final class NaNInjector extends BaseTrainingListener {

    private final String parameterKey;
    private final long element;
    private boolean armed;

    /** {@code parameterKey} as in the network's gradient, e.g. {@code "1_W"} for layer 1's weights. */
    NaNInjector(String parameterKey, long element) {
        this.parameterKey = parameterKey;
        this.element = element;
    }

    /** Poisons the gradient of the next fit call only. */
    void armForNextStep() {
        armed = true;
    }

    @Override
    public void onGradientCalculation(Model model) {
        if (armed) {
            model.gradient().getGradientFor(parameterKey).putScalar(element, Float.NaN);
            armed = false;
        }
    }
}
