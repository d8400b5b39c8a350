package org.l2l4j.eval;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The hand-designed optimizers the learned one races, as DL4J's own updaters with default settings but the rate. */
public enum Baseline {
    SGD, NAG, RMSPROP, ADAM, NADAM;

    /** The paper's NAG: Nesterov momentum 0.9. */
    private static final double MOMENTUM = 0.9;

    public IUpdater updater(double learningRate) {
        return switch (this) {
            case SGD -> new Sgd(learningRate);
            case NAG -> new Nesterovs(learningRate, MOMENTUM);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAM -> new Adam(learningRate);
            case NADAM -> new Nadam(learningRate);
        };
    }

    public String label() {
        return name().toLowerCase();
    }

    /** The baseline of this {@link #label()}; the error lists the choices. */
    public static Baseline named(String label) {
        for (Baseline baseline : values()) {
            if (baseline.label().equals(label)) {
                return baseline;
            }
        }
        throw new IllegalArgumentException("unknown baseline '" + label + "': expected one of "
                + java.util.Arrays.stream(values()).map(Baseline::label).toList());
    }

    /** The tuning grid: 1e-4 to 3 in half-decade steps. */
    public static double[] learningRateGrid() {
        return new double[]{1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3};
    }
}
