package org.l2l4j.eval;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The hand-designed optimizers the learned one races, as DL4J's own updaters with default settings but the rate. */
public enum Baseline {
    SGD, NAG, RMSPROP, ADAM;

    /** The paper's NAG: Nesterov momentum 0.9. */
    private static final double MOMENTUM = 0.9;

    public IUpdater updater(double learningRate) {
        return switch (this) {
            case SGD -> new Sgd(learningRate);
            case NAG -> new Nesterovs(learningRate, MOMENTUM);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAM -> new Adam(learningRate);
        };
    }

    public String label() {
        return name().toLowerCase();
    }

    /** The tuning grid: 1e-4 to 3 in half-decade steps (1e-4, 3e-4, 1e-3, ..., 1, 3). */
    public static double[] learningRateGrid() {
        double[] grid = new double[10];
        for (int i = 0; i < grid.length; i++) {
            double decade = Math.pow(10, -4 + i / 2);
            grid[i] = i % 2 == 0 ? decade : 3 * decade;
        }
        return grid;
    }
}
