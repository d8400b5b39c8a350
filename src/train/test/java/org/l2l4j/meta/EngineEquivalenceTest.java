package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.optimizer.GradientPreprocessing;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.NominalDirection;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.BatchSource;
import org.l2l4j.problem.FinalMetrics;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta-training end to end through the SameDiff graph that defines a truncation and through the fast path gives
 * the same φ: the optimizee gradients, the unroll, the meta-gradient, the Adam steps and the validation all agree.
 */
class EngineEquivalenceTest {

    private static final QuadraticProblem QUADRATIC = new QuadraticProblem(8, 5);
    private static final OptimizerShape SHAPE = OptimizerShape.PAPER_QUADRATIC;
    private static final long SEED = 3;

    @TempDir
    Path dir;

    @Test
    void threeEpochsOnTheQuadraticGiveTheSamePhiWithEitherEngine() throws IOException {
        assertBothEnginesGiveTheSamePhi(SHAPE);
    }

    /** The general optimizer with a warm-up of 7 steps, which ends in the second truncation of each run. */
    @Test
    void theGeneralOptimizerDuringAWarmupGivesTheSamePhiWithEitherEngine() throws IOException {
        assertBothEnginesGiveTheSamePhi(new OptimizerShape(4, GradientPreprocessing.moments(10f), 0.01f,
                new NominalDirection(2.3f, 1f, 7)));
    }

    private void assertBothEnginesGiveTheSamePhi(OptimizerShape shape) throws IOException {
        Path fastRun = dir.resolve("fast");
        Path sameDiffRun = dir.resolve("samediff");
        LearnedOptimizer fastBest = train(shape, Engine.FAST, fastRun);
        LearnedOptimizer sameDiffBest = train(shape, Engine.SAMEDIFF, sameDiffRun);
        float[] fast = Checkpoint.read(fastRun).phi().parameters();
        float[] sameDiff = Checkpoint.read(sameDiffRun).phi().parameters();

        float[] initial = LearnedOptimizer.randomInit(shape, SEED).parameters();
        double moved = maxAbsDifference(fast, initial);
        assertTrue(moved > 1e-3 * maxAbs(initial), "meta-training hardly moved φ (" + moved + "), so it proves nothing");
        double difference = maxAbsDifference(sameDiff, fast);
        System.out.printf("φ after 3 epochs: moved %.3g from its initialisation; SameDiff vs fast engine differ by %.3g"
                + " (relative %.3g)%n", moved, difference, difference / maxAbs(fast));
        assertTrue(difference <= 1e-4 * maxAbs(fast), "final φ: relative difference " + difference / maxAbs(fast));
        double bestDifference = maxAbsDifference(sameDiffBest.parameters(), fastBest.parameters());
        assertTrue(bestDifference <= 1e-4 * maxAbs(fastBest.parameters()),
                "best φ: relative difference " + bestDifference / maxAbs(fastBest.parameters()));
    }

    @Test
    void theSameDiffEngineRefusesAProblemWithoutASameDiffLossBeforeAnyWork() {
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> new MetaTrainer(new FastOnly(QUADRATIC), SHAPE, config(Engine.SAMEDIFF), dir.resolve("run"),
                        MetaTrainingListener.NONE));
        assertTrue(refusal.getMessage().contains("quadratic 8x5 has none (it does not implement SameDiffLoss)"),
                refusal.getMessage());
        assertTrue(refusal.getMessage().contains("meta-train it with the fast engine"), refusal.getMessage());
    }

    private LearnedOptimizer train(OptimizerShape shape, Engine engine, Path out) throws IOException {
        return new MetaTrainer(QUADRATIC, shape, config(engine), out, MetaTrainingListener.NONE).train(false);
    }

    /**
     * 3 epochs of one run of 10 steps in truncations of 5, validated after the last: 8 truncations, since every
     * SameDiff op costs its own dispatch.
     */
    private static MetaTrainingConfig config(Engine engine) {
        return new MetaTrainingConfig(10, 5, 3, 1, 0.01, SEED, 3, 1, DivergencePolicy.STOP, engine);
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** A problem with only the fast path: no SameDiff definition of its loss. */
    private record FastOnly(Problem problem) implements Problem {

        @Override
        public String describe() {
            return problem.describe();
        }

        @Override
        public int parameterCount() {
            return problem.parameterCount();
        }

        @Override
        public float[] initialParameters(long seed) {
            return problem.initialParameters(seed);
        }

        @Override
        public BatchSource batches(long seed) {
            return problem.batches(seed);
        }

        @Override
        public LossEvaluator evaluator() {
            return problem.evaluator();
        }

        @Override
        public FinalMetrics finalMetrics(float[] theta, long seed) {
            return problem.finalMetrics(theta, seed);
        }
    }
}
