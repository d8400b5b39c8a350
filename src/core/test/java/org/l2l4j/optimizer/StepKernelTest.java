package org.l2l4j.optimizer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Holds the fast kernel equal to the SameDiff definition of the step, its reference: both its vectorised loops
 * ({@code true}) and the scalar ones that run where the Vector API is absent ({@code false}).
 */
class StepKernelTest {

    private static final int STEPS = 3;

    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void kernelMatchesSameDiffWithLogSignPreprocessing(boolean vectorised) {
        assertKernelMatchesReference(OptimizerShape.PAPER_MNIST, 1000, vectorised);
    }

    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void kernelMatchesSameDiffWithRawGradients(boolean vectorised) {
        assertKernelMatchesReference(OptimizerShape.PAPER_QUADRATIC, 300, vectorised);
    }

    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void kernelMatchesSameDiffForAnotherWidthAndPartialTiles(boolean vectorised) {
        assertKernelMatchesReference(new OptimizerShape(7, GradientPreprocessing.logSign(5f), 0.01f),
                TileLayout.TILE * 3 + 5, vectorised);
    }

    /**
     * Coordinates with a reset (all-zero) state: those whose gradient stays exactly zero are dormant and must
     * not move at all, in the kernel as in the definition; those that get a gradient start moving. A whole tile
     * of dormant coordinates (the kernel skips it) and dormant coordinates mixed into live tiles are both covered.
     */
    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void dormantCoordinatesTakeExactlyZeroStepsAndKeepTheirState(boolean vectorised) {
        int n = 3 * TileLayout.TILE + 17;
        boolean[] reset = new boolean[n];
        boolean[] dormant = new boolean[n];
        for (int b = 0; b < n; b++) {
            boolean wholeDormantTile = b >= TileLayout.TILE && b < 2 * TileLayout.TILE;
            reset[b] = wholeDormantTile || b % 3 == 0;
            dormant[b] = wholeDormantTile || b % 6 == 0;
        }
        float[][] steps = assertKernelMatchesReference(OptimizerShape.PAPER_MNIST, n, vectorised, reset, dormant);
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < n; b++) {
                if (dormant[b]) {
                    assertEquals(0f, steps[t][b], "step " + t + " of dormant coordinate " + b);
                } else if (reset[b]) {
                    assertNotEquals(0f, steps[t][b], "step " + t + " of coordinate " + b + ", which got a gradient");
                }
            }
        }
    }

    private static void assertKernelMatchesReference(OptimizerShape shape, int n, boolean vectorised) {
        assertKernelMatchesReference(shape, n, vectorised, new boolean[n], new boolean[n]);
    }

    /**
     * Runs {@link #STEPS} steps through both, feeding each its own state, and compares step and state. Coordinates
     * marked {@code reset} start from an all-zero state, those marked {@code dormant} always get a zero gradient;
     * a dormant coordinate's state must stay exactly zero in the kernel. Returns the kernel's steps.
     */
    private static float[][] assertKernelMatchesReference(OptimizerShape shape, int n, boolean vectorised,
                                                          boolean[] reset, boolean[] dormant) {
        Random random = new Random(42);
        LearnedOptimizer phi = withRandomBiases(LearnedOptimizer.randomInit(shape, 7), random);
        int hidden = shape.hiddenSize();
        float[][] state = new float[4][n * hidden];
        for (float[] s : state) {
            for (int i = 0; i < s.length; i++) {
                s[i] = reset[i / hidden] ? 0f : (float) (random.nextGaussian() * 0.5);
            }
        }
        float[] kernelState = toKernelLayout(state, n, hidden);
        StepKernel kernel = new StepKernel(phi, StepKernel.Output.STEP_TO_ADD, vectorised);
        float[][] steps = new float[STEPS][];

        for (int t = 0; t < STEPS; t++) {
            float[] gradient = gradients(random, n);
            for (int b = 0; b < n; b++) {
                if (dormant[b]) {
                    gradient[b] = 0f;
                }
            }
            Reference reference = referenceStep(phi, gradient, state);

            float[] values = gradient.clone();
            kernel.step(FloatSegments.wrap(values), FloatSegments.wrap(kernelState));

            MaxNormError.assertClose(reference.step, values, "step " + t);
            float[] expectedState = toKernelLayout(reference.state, n, hidden);
            MaxNormError.assertClose(expectedState, kernelState, "state after step " + t);
            for (int b = 0; b < n; b++) {
                for (int row = 0; dormant[b] && row < 4 * hidden; row++) {
                    assertEquals(0f, kernelState[(int) TileLayout.stateIndex(b, row, n, 4 * hidden)],
                            "state row " + row + " of dormant coordinate " + b + " after step " + t);
                }
            }
            state = reference.state;
            steps[t] = values;
        }
        return steps;
    }

    /** Gradients spanning zero, tiny, ordinary and huge magnitudes of both signs. */
    private static float[] gradients(Random random, int n) {
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 1e-8f, -4.5e-5f, 4.6e-5f, 1e-3f, -0.5f, 3f, 1e6f, -1e30f, 3e38f};
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = i < special.length ? special[i]
                    : (float) (Math.signum(random.nextGaussian()) * Math.pow(10, -12 + 16 * random.nextDouble()));
        }
        return g;
    }

    private static LearnedOptimizer withRandomBiases(LearnedOptimizer phi, Random random) {
        float[] params = phi.parameters();
        for (PhiTensor t : PhiTensor.values()) {
            if (t.isBias()) {
                for (int i = 0; i < t.size(phi.shape()); i++) {
                    params[t.offset(phi.shape()) + i] = (float) (random.nextGaussian() * 0.3);
                }
            }
        }
        return phi.withParameters(params);
    }

    private record Reference(float[] step, float[][] state) {
    }

    private static Reference referenceStep(LearnedOptimizer phi, float[] gradient, float[][] state) {
        int n = gradient.length;
        int hidden = phi.shape().hiddenSize();
        SameDiff sd = SameDiff.create();
        Map<PhiTensor, SDVariable> vars = OptimizerGraph.constants(sd, phi, "phi_", DataType.FLOAT);
        SDVariable g = sd.constant("g", Nd4j.create(gradient, new long[]{n, 1}, 'c'));
        SDVariable[] s = new SDVariable[4];
        for (int i = 0; i < 4; i++) {
            s[i] = sd.constant("s" + i, Nd4j.create(state[i], new long[]{n, hidden}, 'c'));
        }
        OptimizerGraph.Step step = OptimizerGraph.step(sd, phi.shape(), vars, g,
                new OptimizerGraph.State(s[0], s[1], s[2], s[3]));
        OptimizerGraph.State next = step.next();
        Map<String, INDArray> out = sd.output(Map.of(), step.step().name(), next.h1().name(), next.c1().name(),
                next.h2().name(), next.c2().name());
        return new Reference(out.get(step.step().name()).toFloatVector(), new float[][]{
                out.get(next.h1().name()).ravel().toFloatVector(), out.get(next.c1().name()).ravel().toFloatVector(),
                out.get(next.h2().name()).ravel().toFloatVector(), out.get(next.c2().name()).ravel().toFloatVector()});
    }

    /** From [h1, c1, h2, c2] each [N, hidden] to the kernel's state layout. */
    private static float[] toKernelLayout(float[][] state, int n, int hidden) {
        int stateSize = 4 * hidden;
        float[] out = new float[n * stateSize];
        for (int b = 0; b < n; b++) {
            for (int part = 0; part < 4; part++) {
                for (int u = 0; u < hidden; u++) {
                    out[(int) TileLayout.stateIndex(b, part * hidden + u, n, stateSize)] = state[part][b * hidden + u];
                }
            }
        }
        return out;
    }
}
