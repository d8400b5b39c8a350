package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.l2l4j.data.MnistDataset;
import org.l2l4j.optimizer.GradientPreprocessing;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.NominalDirection;
import org.l2l4j.optimizer.OptimizerGraph;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.optimizer.TileLayout;
import org.l2l4j.problem.Batch;
import org.l2l4j.problem.MlpActivation;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.QuadraticProblem;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast truncation (unroll and meta-gradient) equals the SameDiff graph that defines it. */
class FastUnrollTest {

    private static final int UNROLL = 5;

    @Test
    void quadraticWithRawGradients() {
        assertFastMatchesGraph(new QuadraticProblem(8, 5), OptimizerShape.PAPER_QUADRATIC);
    }

    @Test
    void mlpWithLogSignPreprocessingOverSeveralTiles() {
        var train = MnistDataset.standard().load(true);
        MlpProblem problem = new MlpProblem(new MnistMlp(List.of(3), MlpActivation.SIGMOID), train, 8);
        assertFastMatchesGraph(problem, new OptimizerShape(6, GradientPreprocessing.logSign(10f), 0.1f));
    }

    @Test
    void mlpWithTheGeneralOptimizerOverSeveralTiles() {
        var train = MnistDataset.standard().load(true);
        MlpProblem problem = new MlpProblem(new MnistMlp(List.of(3), MlpActivation.RELU), train, 8);
        assertFastMatchesGraph(problem, new OptimizerShape(4, GradientPreprocessing.moments(10f), 0.01f,
                new NominalDirection(2.3f, 1f)));
    }

    /**
     * A warm-up that ends inside the second truncation: the run's step index carries over from the first, and
     * the steps before and after the warm-up's end agree with the graph.
     */
    @Test
    void mlpWithTheGeneralOptimizerDuringAWarmup() {
        var train = MnistDataset.standard().load(true);
        MlpProblem problem = new MlpProblem(new MnistMlp(List.of(3), MlpActivation.RELU), train, 8);
        assertFastMatchesGraph(problem, new OptimizerShape(4, GradientPreprocessing.moments(10f), 0.01f,
                new NominalDirection(2.3f, 1f, UNROLL + UNROLL / 2)));
    }

    /** Warm-ups of the factor and of the learned share, ending in the first and in the second truncation. */
    @Test
    void mlpWithTheGeneralOptimizerDuringAWarmupOfTheLearnedShare() {
        var train = MnistDataset.standard().load(true);
        MlpProblem problem = new MlpProblem(new MnistMlp(List.of(3), MlpActivation.RELU), train, 8);
        assertFastMatchesGraph(problem, new OptimizerShape(4, GradientPreprocessing.moments(10f), 0.01f,
                new NominalDirection(2.3f, 1f, UNROLL / 2, UNROLL + UNROLL / 2)));
    }

    /** The moment features with the paper's step (no nominal direction): the ablation shape of meta-train. */
    @Test
    void mlpWithMomentFeaturesAndThePapersStep() {
        var train = MnistDataset.standard().load(true);
        MlpProblem problem = new MlpProblem(new MnistMlp(List.of(3), MlpActivation.RELU), train, 8);
        assertFastMatchesGraph(problem, new OptimizerShape(4, GradientPreprocessing.moments(10f), 0.1f));
    }

    /**
     * Coordinates whose gradient is always exactly zero (every fifth, and one whole tile) are dormant: θ and the
     * state do not move, in the graph as in the fast path, and the meta-gradients still agree.
     */
    @Test
    void quadraticWithFrozenCoordinates() {
        FrozenCoordinatesProblem frozen = new FrozenCoordinatesProblem(new QuadraticProblem(10, 40),
                b -> b % 5 == 0 || (b >= TileLayout.TILE && b < 2 * TileLayout.TILE));
        float[] initial = frozen.initialParameters(17);
        UnrolledGraph.Result reference = assertFastMatchesGraph(frozen, OptimizerShape.PAPER_QUADRATIC);
        for (int b = 0; b < initial.length; b++) {
            if (frozen.frozen.test(b)) {
                assertEquals(initial[b], (float) reference.finalTheta()[b], "θ of frozen coordinate " + b);
                for (int part = 0; part < 4; part++) {
                    for (int u = 0; u < OptimizerShape.PAPER_QUADRATIC.hiddenSize(); u++) {
                        assertEquals(0.0, reference.finalState()[part][b * OptimizerShape.PAPER_QUADRATIC.hiddenSize() + u],
                                "state of frozen coordinate " + b);
                    }
                }
            }
        }
    }

    private static UnrolledGraph.Result assertFastMatchesGraph(org.l2l4j.problem.Problem base, OptimizerShape shape) {
        RecordingProblem problem = new RecordingProblem(base);
        LearnedOptimizer phi = LearnedOptimizer.randomInit(shape, 5);
        FastUnroll fast = new FastUnroll(problem, shape, UNROLL);
        RunState run = new RunState(problem, fast.stateRows(), 17);
        fast.unroll(phi, run, false); // a first truncation, so the second starts from moved θ and a live LSTM state

        float[] theta0 = run.theta().clone();
        float[][] state0 = coordinateMajor(run.lstmState, shape);
        long firstStep = run.steps();
        assertEquals(UNROLL, firstStep, "steps the first truncation took");
        int firstBatch = problem.handedOut.size();
        TruncationEngine.Result result = fast.unroll(phi, run, true);
        List<Batch> batches = new ArrayList<>(problem.handedOut.subList(firstBatch, firstBatch + UNROLL + 1));
        float[][] gradients = new float[UNROLL][];
        for (int t = 0; t < UNROLL; t++) {
            gradients[t] = fast.recordedGradient(t).clone();
        }

        UnrolledGraph graph = new UnrolledGraph(problem, phi, UNROLL, DataType.FLOAT);
        UnrolledGraph.Result reference = graph.run(theta0, state0, gradients, batches, firstStep, true);

        assertEquals(reference.metaLoss(), result.metaLoss(), 1e-5 * Math.abs(reference.metaLoss()), "meta-loss");
        assertClose(reference.finalTheta(), toDouble(run.theta()), 1e-5, "θ_T");
        float[][] finalState = coordinateMajor(run.lstmState, shape);
        for (int i = 0; i < finalState.length; i++) {
            assertClose(reference.finalState()[i], toDouble(finalState[i]), 1e-5, "state part " + i);
        }
        assertClose(reference.phiGradient(), result.phiGradient(), 1e-4, "dL/dφ");
        for (int b = 0; b < theta0.length; b++) {
            if (theta0[b] == (float) reference.finalTheta()[b]) {
                assertEquals(theta0[b], run.theta()[b], "θ of coordinate " + b + ", which the graph did not move");
            }
        }
        return reference;
    }

    /** SoA rows [stateSize][N] to the graph's parts [h1, c1, h2, c2, moments], each [N, width] row-major. */
    private static float[][] coordinateMajor(float[][] rows, OptimizerShape shape) {
        int n = rows[0].length;
        int[] widths = OptimizerGraph.partWidths(shape);
        float[][] parts = new float[widths.length][];
        for (int part = 0, first = 0; part < widths.length; first += widths[part], part++) {
            int width = widths[part];
            parts[part] = new float[n * width];
            for (int u = 0; u < width; u++) {
                for (int b = 0; b < n; b++) {
                    parts[part][b * width + u] = rows[first + u][b];
                }
            }
        }
        return parts;
    }

    private static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** Max-norm relative error ≤ tolerance. */
    static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Double.isFinite(actual[i]), what + ": non-finite at " + i);
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
        }
        assertTrue(maxRef > 0, what + ": reference is all zero");
        assertTrue(maxDiff <= tolerance * maxRef, what + ": relative error " + maxDiff / maxRef);
    }
}
