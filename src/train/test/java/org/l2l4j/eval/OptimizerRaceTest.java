package org.l2l4j.eval;

import org.junit.jupiter.api.Test;
import org.l2l4j.meta.FastUnroll;
import org.l2l4j.meta.RunState;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.QuadraticProblem;
import org.l2l4j.updater.LearnedUpdater;

import java.io.OutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerRaceTest {

    private static final QuadraticProblem PROBLEM = new QuadraticProblem(16, 6);
    private static final int STEPS = 20;
    private static final long[] SEEDS = {4, 5};
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    /** The race's SGD, DL4J's Sgd updater, follows a hand-written SGD loop exactly. */
    @Test
    void sgdRunMatchesAHandWrittenLoop() {
        double rate = 0.05;
        RaceResult raced = new OptimizerRace(PROBLEM, STEPS, QUIET).run("sgd", rate, Baseline.SGD.updater(rate), SEEDS);
        LossEvaluator evaluator = PROBLEM.evaluator();
        for (int s = 0; s < SEEDS.length; s++) {
            float[] theta = PROBLEM.initialParameters(SEEDS[s]);
            var batches = PROBLEM.batches(SEEDS[s]);
            float[] gradient = new float[theta.length];
            for (int t = 0; t < STEPS; t++) {
                double loss = evaluator.lossAndGradient(theta, batches.next(), gradient);
                assertEquals(loss, raced.lossPerSeedAndStep()[s][t], 1e-6 * loss, "seed " + SEEDS[s] + " step " + t);
                for (int i = 0; i < theta.length; i++) {
                    theta[i] -= (float) rate * gradient[i];
                }
            }
            assertEquals(PROBLEM.finalMetrics(theta, SEEDS[s]).loss(), raced.finalLoss()[s], 1e-6 * raced.finalLoss()[s]);
        }
    }

    /** Through DL4J's updater interface, the learned optimizer follows the meta-training forward pass. */
    @Test
    void learnedRunMatchesTheMetaTrainingForwardPass() {
        LearnedOptimizer phi = LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 2);
        RaceResult raced = new OptimizerRace(PROBLEM, STEPS + 1, QUIET).run("learned", null, new LearnedUpdater(phi), SEEDS);
        FastUnroll unroll = new FastUnroll(PROBLEM, phi.shape(), STEPS);
        for (int s = 0; s < SEEDS.length; s++) {
            double[] losses = unroll.unroll(phi, new RunState(PROBLEM, unroll.stateRows(), SEEDS[s]), false).losses();
            for (int t = 0; t <= STEPS; t++) {
                assertEquals(losses[t], raced.lossPerSeedAndStep()[s][t], 1e-4 * losses[t], "seed " + SEEDS[s] + " step " + t);
            }
        }
    }

    @Test
    void tuningPicksTheGridRateWithTheLowestFinalLoss() {
        OptimizerRace race = new OptimizerRace(PROBLEM, STEPS, QUIET);
        double tuned = race.tune(Baseline.SGD, SEEDS);
        double tunedLoss = race.run("sgd", tuned, Baseline.SGD.updater(tuned), SEEDS).meanFinalLoss();
        for (double rate : Baseline.learningRateGrid()) {
            double loss = race.run("sgd", rate, Baseline.SGD.updater(rate), SEEDS).meanFinalLoss();
            assertTrue(tunedLoss <= loss, "rate " + rate + " gives " + loss + " < tuned " + tunedLoss);
        }
        assertEquals(10, Baseline.learningRateGrid().length);
        assertEquals(1e-4, Baseline.learningRateGrid()[0], 1e-12);
        assertEquals(3.0, Baseline.learningRateGrid()[9], 1e-12);
    }
}
