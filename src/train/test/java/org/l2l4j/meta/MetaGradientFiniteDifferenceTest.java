package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.l2l4j.optimizer.GradientPreprocessing;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.NominalDirection;
import org.l2l4j.optimizer.OptimizerGraph;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Batch;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SameDiff's meta-gradient of the unrolled graph equals central finite differences of the same truncated
 * objective, in double precision, with the optimizee gradients frozen at the values the forward pass recorded.
 */
class MetaGradientFiniteDifferenceTest {

    private static final int UNROLL = 4;
    private static final double EPSILON = 1e-6;
    private static final int PROBES = 20;
    /** Fewer probes where the case adds coverage of the mask, not of the LSTM: each probe runs the graph twice. */
    private static final int DORMANT_PROBES = 8;

    @Test
    void rawGradientOptimizer() {
        assertMatchesFiniteDifferences(new OptimizerShape(4, GradientPreprocessing.identity(), 1f));
    }

    @Test
    void logSignOptimizer() {
        assertMatchesFiniteDifferences(new OptimizerShape(3, GradientPreprocessing.logSign(5f), 0.1f));
    }

    /** The moment features and the nominal direction: its two outputs, the scale's exponent and the tanh bounds. */
    @Test
    void generalOptimizer() {
        assertMatchesFiniteDifferences(new OptimizerShape(3, GradientPreprocessing.moments(5f), 0.05f,
                new NominalDirection(2.3f, 1f)));
    }

    /** The general optimizer during a warm-up that ends inside the truncation: c_t grows, then stays at c. */
    @Test
    void generalOptimizerDuringAWarmup() {
        assertMatchesFiniteDifferences(new OptimizerShape(3, GradientPreprocessing.moments(5f), 0.05f,
                new NominalDirection(2.3f, 1f, UNROLL - 1)));
    }

    /** With the learned share warmed up too, over a different number of steps: α_t grows, then stays at α. */
    @Test
    void generalOptimizerDuringAWarmupOfTheLearnedShare() {
        assertMatchesFiniteDifferences(new OptimizerShape(3, GradientPreprocessing.moments(5f), 0.05f,
                new NominalDirection(2.3f, 1f, UNROLL - 1, UNROLL - 2)));
    }

    /** The moment features with the paper's step η·o, no nominal direction. */
    @Test
    void momentFeaturesWithThePapersStep() {
        assertMatchesFiniteDifferences(new OptimizerShape(3, GradientPreprocessing.moments(5f), 0.1f));
    }

    /** A third of the coordinates always get an exactly-zero gradient: they are dormant and must not move. */
    @Test
    void optimizerWithDormantCoordinates() {
        assertMatchesFiniteDifferences(new OptimizerShape(3, GradientPreprocessing.logSign(5f), 0.1f),
                new FrozenCoordinatesProblem(new QuadraticProblem(3, 4), b -> b % 3 == 0), DORMANT_PROBES);
    }

    private static void assertMatchesFiniteDifferences(OptimizerShape shape) {
        assertMatchesFiniteDifferences(shape, new QuadraticProblem(3, 4), PROBES);
    }

    private static void assertMatchesFiniteDifferences(OptimizerShape shape, Problem base, int probes) {
        RecordingProblem problem = new RecordingProblem(base);
        LearnedOptimizer phi = LearnedOptimizer.randomInit(shape, 9);
        FastUnroll forward = new FastUnroll(problem, shape, UNROLL);
        RunState run = new RunState(problem, forward.stateRows(), 23);
        float[] theta0 = run.theta().clone();
        forward.unroll(phi, run, false);
        List<Batch> batches = new ArrayList<>(problem.handedOut);
        float[][] gradients = new float[UNROLL][];
        for (int t = 0; t < UNROLL; t++) {
            gradients[t] = forward.recordedGradient(t).clone();
        }
        int[] widths = OptimizerGraph.partWidths(shape);
        float[][] zeroState = new float[widths.length][];
        for (int part = 0; part < widths.length; part++) {
            zeroState[part] = new float[problem.parameterCount() * widths[part]];
        }

        UnrolledGraph graph = new UnrolledGraph(problem, phi, UNROLL, DataType.DOUBLE);
        double[] analytic = graph.run(theta0, zeroState, gradients, batches, 0, true).phiGradient();

        double[] parameters = toDouble(phi.parameters());
        Random random = new Random(3);
        double maxDiff = 0;
        double maxRef = 0;
        for (int probe = 0; probe < probes; probe++) {
            int i = probe == 0 ? parameters.length - 1 : random.nextInt(parameters.length);
            double original = parameters[i];
            parameters[i] = original + EPSILON;
            graph.setPhi(parameters);
            double plus = graph.run(theta0, zeroState, gradients, batches, 0, false).metaLoss();
            parameters[i] = original - EPSILON;
            graph.setPhi(parameters);
            double minus = graph.run(theta0, zeroState, gradients, batches, 0, false).metaLoss();
            parameters[i] = original;
            double numeric = (plus - minus) / (2 * EPSILON);
            maxDiff = Math.max(maxDiff, Math.abs(numeric - analytic[i]));
            maxRef = Math.max(maxRef, Math.abs(numeric));
        }
        assertTrue(maxRef > 1e-6, "the probed meta-gradient is all zero");
        assertTrue(maxDiff <= 1e-4 * maxRef, "relative error " + maxDiff / maxRef);
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
