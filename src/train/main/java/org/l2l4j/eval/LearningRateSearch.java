package org.l2l4j.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How a baseline's learning rate is tuned on {@link Baseline#learningRateGrid()}: at every rate of the grid, or,
 * for costly cases, at its full decades first and then at the half-decades either side of the best decade
 * (7 runs instead of 10). Either way the rate with the lowest mean final loss on the tuning seeds wins.
 */
public enum LearningRateSearch {
    FULL, COARSE;

    /** Called after every tuning run, so a caller can show progress. */
    public interface Listener {
        void ran(double learningRate);
    }

    /** The most runs a search makes: what a progress bar can count on. */
    public int maxRuns() {
        return this == FULL ? Baseline.learningRateGrid().length : decades().size() + 2;
    }

    public String describe() {
        return this == FULL ? "every rate of the grid" : "decades of the grid, then the half-decades around the best";
    }

    public double tune(OptimizerRace race, Baseline baseline, long[] tuningSeeds, Listener listener) {
        double[] grid = Baseline.learningRateGrid();
        Best best = new Best();
        if (this == FULL) {
            for (double rate : grid) {
                best.offer(rate, race, baseline, tuningSeeds, listener);
            }
        } else {
            for (int index : decades()) {
                best.offer(grid[index], race, baseline, tuningSeeds, listener);
            }
            if (!Double.isNaN(best.rate)) {
                int at = indexOf(grid, best.rate);
                for (int neighbour : new int[]{at - 1, at + 1}) {
                    if (neighbour >= 0 && neighbour < grid.length) {
                        best.offer(grid[neighbour], race, baseline, tuningSeeds, listener);
                    }
                }
            }
        }
        if (Double.isNaN(best.rate)) {
            throw new IllegalStateException(baseline.label() + " diverged at every learning rate it was tuned on");
        }
        return best.rate;
    }

    /** Indices of the grid's whole powers of ten. */
    static List<Integer> decades() {
        double[] grid = Baseline.learningRateGrid();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < grid.length; i++) {
            double exponent = Math.log10(grid[i]);
            if (Math.abs(exponent - Math.rint(exponent)) < 1e-9) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static int indexOf(double[] grid, double rate) {
        for (int i = 0; i < grid.length; i++) {
            if (grid[i] == rate) {
                return i;
            }
        }
        throw new AssertionError(rate);
    }

    private static final class Best {
        double rate = Double.NaN;
        double loss = Double.POSITIVE_INFINITY;

        void offer(double candidate, OptimizerRace race, Baseline baseline, long[] seeds, Listener listener) {
            double candidateLoss = race.run(baseline.label(), candidate, baseline.updater(candidate), seeds).meanFinalLoss();
            listener.ran(candidate);
            if (candidateLoss < loss) {
                loss = candidateLoss;
                rate = candidate;
            }
        }
    }
}
