package org.l2l4j.eval;

import org.junit.jupiter.api.Test;
import org.l2l4j.problem.QuadraticProblem;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LearningRateSearchTest {

    private static final QuadraticProblem PROBLEM = new QuadraticProblem(8, 5);
    private static final long[] SEEDS = {3, 4};
    private static final double[] GRID = Baseline.learningRateGrid();

    private final OptimizerRace race = new OptimizerRace(PROBLEM, 15, new PrintStream(OutputStream.nullOutputStream()));

    private double loss(Baseline baseline, double rate) {
        return race.run(baseline.label(), rate, baseline.updater(rate), SEEDS).meanFinalLoss();
    }

    /** Coarse: the five decades of the grid, then the half-decades either side of the best one; the best of all wins. */
    @Test
    void coarseTriesTheDecadesThenTheNeighboursOfTheBest() {
        for (Baseline baseline : List.of(Baseline.SGD, Baseline.ADAM)) {
            List<Double> tried = new ArrayList<>();
            double chosen = LearningRateSearch.COARSE.tune(race, baseline, SEEDS, tried::add);

            List<Double> expected = new ArrayList<>(List.of(1e-4, 1e-3, 1e-2, 1e-1, 1.0));
            int bestDecade = -1;
            for (int i = 0; i < GRID.length; i++) {
                if (expected.contains(GRID[i]) && (bestDecade < 0 || loss(baseline, GRID[i]) < loss(baseline, GRID[bestDecade]))) {
                    bestDecade = i;
                }
            }
            if (bestDecade > 0) {
                expected.add(GRID[bestDecade - 1]);
            }
            if (bestDecade < GRID.length - 1) {
                expected.add(GRID[bestDecade + 1]);
            }
            assertEquals(expected, tried, baseline.label());
            double best = expected.get(0);
            for (double rate : expected) {
                if (loss(baseline, rate) < loss(baseline, best)) {
                    best = rate;
                }
            }
            assertEquals(best, chosen, baseline.label());
        }
    }

    /** Full: every rate of the grid, the same choice as OptimizerRace.tune. */
    @Test
    void fullTriesEveryRateAndAgreesWithTheRace() {
        List<Double> tried = new ArrayList<>();
        double chosen = LearningRateSearch.FULL.tune(race, Baseline.NAG, SEEDS, tried::add);
        assertEquals(GRID.length, tried.size());
        assertEquals(race.tune(Baseline.NAG, SEEDS), chosen);
    }
}
