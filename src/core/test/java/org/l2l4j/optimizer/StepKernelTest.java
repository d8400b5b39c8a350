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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void kernelMatchesSameDiffForTheGeneralOptimizer(boolean vectorised) {
        assertKernelMatchesReference(OptimizerShape.GENERAL, 1000, vectorised);
    }

    /** Steps 0 and 1 of a two-step warm-up (c/2, then c), then step 2 (c): the run's step index reaches both. */
    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void kernelMatchesSameDiffDuringAndAfterAWarmup(boolean vectorised) {
        assertKernelMatchesReference(OptimizerShape.GENERAL.withWarmup(2), TileLayout.TILE + 3, vectorised);
    }

    /** Steps 0 to 2 with the learned share warmed up over three steps (α/3, 2α/3, α) and the factor over two. */
    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void kernelMatchesSameDiffDuringAndAfterAWarmupOfTheLearnedShare(boolean vectorised) {
        assertKernelMatchesReference(OptimizerShape.GENERAL.withWarmup(2).withShareWarmup(3), TileLayout.TILE + 3,
                vectorised);
    }

    /**
     * A warm-up changes only the steps before its end: from the same φ, state and gradients, step 0 of a
     * two-step warm-up differs from the step without one, and steps from index 1 on, where c_t = c, are bit for
     * bit the same.
     */
    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void aWarmupChangesOnlyTheStepsBeforeItsEnd(boolean vectorised) {
        int n = 50;
        LearnedOptimizer plain = withRandomBiases(LearnedOptimizer.randomInit(OptimizerShape.GENERAL, 7), new Random(3));
        LearnedOptimizer warm = new LearnedOptimizer(OptimizerShape.GENERAL.withWarmup(2), plain.parameters());
        float[] gradient = gradients(new Random(4), n);
        for (long stepIndex : new long[]{0, 1, 5}) {
            float[] plainStep = gradient.clone();
            float[] warmStep = gradient.clone();
            new StepKernel(plain, StepKernel.Output.STEP_TO_ADD, vectorised).step(FloatSegments.wrap(plainStep),
                    FloatSegments.wrap(new float[n * plain.shape().stateSize()]), stepIndex);
            new StepKernel(warm, StepKernel.Output.STEP_TO_ADD, vectorised).step(FloatSegments.wrap(warmStep),
                    FloatSegments.wrap(new float[n * warm.shape().stateSize()]), stepIndex);
            if (stepIndex == 0) {
                assertFalse(java.util.Arrays.equals(plainStep, warmStep), "step 0 of a warm-up is narrowed");
            } else {
                assertArrayEquals(plainStep, warmStep, "step " + stepIndex + ", after the warm-up");
            }
        }
    }

    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void kernelMatchesSameDiffForMomentFeaturesWithoutANominalDirection(boolean vectorised) {
        assertKernelMatchesReference(new OptimizerShape(5, GradientPreprocessing.moments(4f), 0.05f),
                TileLayout.TILE + 9, vectorised);
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
        assertDormantCoordinatesStayPut(OptimizerShape.PAPER_MNIST, vectorised);
    }

    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void dormantCoordinatesOfTheGeneralOptimizerTakeExactlyZeroSteps(boolean vectorised) {
        assertDormantCoordinatesStayPut(OptimizerShape.GENERAL, vectorised);
    }

    /**
     * A gradient whose square overflows a float, on a fresh coordinate and on one with history, must leave every
     * float of state finite through that step and the ordinary steps after it, and its own step must go against it
     * as any large gradient's does: its nominal direction m₁/s is ±1 there, and the learned share adds less than 1.
     */
    @ParameterizedTest(name = "vectorised {0}")
    @ValueSource(booleans = {true, false})
    void gradientsBeyondTheSquareRootOfTheFloatRangeLeaveTheStateFinite(boolean vectorised) {
        OptimizerShape shape = OptimizerShape.GENERAL;
        int n = 4;
        StepKernel kernel = new StepKernel(withRandomBiases(LearnedOptimizer.randomInit(shape, 3), new Random(5)),
                StepKernel.Output.STEP_TO_ADD, vectorised);
        float[] state = new float[n * shape.stateSize()];
        float[] ordinary = {1e-3f, -2e-3f, 5e-4f, 1e-2f};
        float[] huge = {3e38f, -2e20f, 5e-4f, 1e-2f};
        for (int t = 0; t < 6; t++) {
            // coordinate 0 gets the huge gradient fresh, coordinate 1 after two ordinary steps
            float[] gradient = t == 0 ? new float[]{huge[0], ordinary[1], ordinary[2], ordinary[3]}
                    : t == 2 ? new float[]{ordinary[0], huge[1], ordinary[2], ordinary[3]} : ordinary.clone();
            float[] step = gradient.clone();
            kernel.step(FloatSegments.wrap(step), FloatSegments.wrap(state), t);
            for (float x : state) {
                assertTrue(Float.isFinite(x), "state after step " + t + ": " + java.util.Arrays.toString(state));
            }
            for (int b = 0; b < 2; b++) {
                if (Math.abs(gradient[b]) > 1e19f) {
                    assertTrue(step[b] * gradient[b] < 0, "step " + step[b] + " for gradient " + gradient[b]);
                }
            }
        }
    }

    private static void assertDormantCoordinatesStayPut(OptimizerShape shape, boolean vectorised) {
        int n = 3 * TileLayout.TILE + 17;
        boolean[] reset = new boolean[n];
        boolean[] dormant = new boolean[n];
        for (int b = 0; b < n; b++) {
            boolean wholeDormantTile = b >= TileLayout.TILE && b < 2 * TileLayout.TILE;
            reset[b] = wholeDormantTile || b % 3 == 0;
            dormant[b] = wholeDormantTile || b % 6 == 0;
        }
        float[][] steps = assertKernelMatchesReference(shape, n, vectorised, reset, dormant);
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
     * Runs {@link #STEPS} steps through both, feeding each its own state, and compares the step and each part of
     * the state. Coordinates marked {@code reset} start from an all-zero state, those marked {@code dormant}
     * always get a zero gradient; a dormant coordinate's state must stay exactly zero in the kernel. Returns the
     * kernel's steps.
     */
    private static float[][] assertKernelMatchesReference(OptimizerShape shape, int n, boolean vectorised,
                                                          boolean[] reset, boolean[] dormant) {
        Random random = new Random(42);
        LearnedOptimizer phi = withRandomBiases(LearnedOptimizer.randomInit(shape, 7), random);
        int[] widths = OptimizerGraph.partWidths(shape);
        float[][] state = new float[widths.length][];
        for (int part = 0; part < widths.length; part++) {
            int width = widths[part];
            state[part] = new float[n * width];
            for (int i = 0; i < state[part].length; i++) {
                double value = random.nextGaussian() * 0.5;
                // the moments' v (their last column) is a mean of squares; some coordinates start it afresh
                boolean secondMoment = part == 4 && i % width == width - 1;
                state[part][i] = reset[i / width] || secondMoment && i % 7 == 0 ? 0f
                        : (float) (secondMoment ? value * value : value);
            }
        }
        float[] kernelState = toKernelLayout(state, n, widths);
        StepKernel kernel = new StepKernel(phi, StepKernel.Output.STEP_TO_ADD, vectorised);
        float[][] steps = new float[STEPS][];
        for (int t = 0; t < STEPS; t++) {
            float[] gradient = gradients(random, n);
            for (int b = 0; b < n; b++) {
                if (dormant[b]) {
                    gradient[b] = 0f;
                }
            }
            Reference reference = referenceStep(phi, gradient, state, t);

            float[] values = gradient.clone();
            kernel.step(FloatSegments.wrap(values), FloatSegments.wrap(kernelState), t);

            MaxNormError.assertClose(reference.step, values, "step " + t);
            float[][] kernelParts = fromKernelLayout(kernelState, n, widths);
            for (int part = 0; part < widths.length; part++) {
                MaxNormError.assertClose(reference.state[part], kernelParts[part], "state part " + part
                        + " after step " + t);
            }
            for (int b = 0; b < n; b++) {
                for (int row = 0; dormant[b] && row < shape.stateSize(); row++) {
                    assertEquals(0f, kernelState[(int) TileLayout.stateIndex(b, row, n, shape.stateSize())],
                            "state row " + row + " of dormant coordinate " + b + " after step " + t);
                }
            }
            state = reference.state;
            steps[t] = values;
        }
        return steps;
    }

    /**
     * Gradients spanning zero, tiny, ordinary and huge magnitudes of both signs, up to the largest float (beyond
     * 1.8e19, g² overflows a float: the moments bound the gradient, {@link GradientPreprocessing#MOMENT_GRADIENT_BOUND}).
     */
    private static float[] gradients(Random random, int n) {
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 1e-8f, -4.5e-5f, 4.6e-5f, 1e-3f, -0.5f, 3f, 1e6f, -1e30f, 3e38f,
                1e19f, -2e19f};
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

    private static Reference referenceStep(LearnedOptimizer phi, float[] gradient, float[][] state, long stepIndex) {
        int n = gradient.length;
        int[] widths = OptimizerGraph.partWidths(phi.shape());
        SameDiff sd = SameDiff.create();
        Map<PhiTensor, SDVariable> vars = OptimizerGraph.constants(sd, phi, "phi_", DataType.FLOAT);
        SDVariable g = sd.constant("g", Nd4j.create(gradient, new long[]{n, 1}, 'c'));
        SDVariable[] s = new SDVariable[widths.length];
        for (int i = 0; i < widths.length; i++) {
            s[i] = sd.constant("s" + i, Nd4j.create(state[i], new long[]{n, widths[i]}, 'c'));
        }
        OptimizerGraph.Step step = OptimizerGraph.step(sd, phi.shape(), vars, g, OptimizerGraph.State.of(s),
                phi.shape().hasWarmup() ? sd.constant("t", Nd4j.scalar((float) stepIndex)) : null);
        SDVariable[] next = step.next().parts();
        String[] names = new String[next.length + 1];
        names[0] = step.step().name();
        for (int i = 0; i < next.length; i++) {
            names[i + 1] = next[i].name();
        }
        Map<String, INDArray> out = sd.output(Map.of(), names);
        float[][] nextState = new float[next.length][];
        for (int i = 0; i < next.length; i++) {
            nextState[i] = out.get(names[i + 1]).ravel().toFloatVector();
        }
        return new Reference(out.get(names[0]).toFloatVector(), nextState);
    }

    /** From the state's parts, each [N, width] row-major, to the kernel's state layout. */
    private static float[] toKernelLayout(float[][] parts, int n, int[] widths) {
        int stateSize = java.util.Arrays.stream(widths).sum();
        float[] out = new float[n * stateSize];
        for (int b = 0, first = 0; b < n; b++, first = 0) {
            for (int part = 0; part < widths.length; first += widths[part], part++) {
                for (int u = 0; u < widths[part]; u++) {
                    out[(int) TileLayout.stateIndex(b, first + u, n, stateSize)] = parts[part][b * widths[part] + u];
                }
            }
        }
        return out;
    }

    /** The inverse of {@link #toKernelLayout}. */
    private static float[][] fromKernelLayout(float[] state, int n, int[] widths) {
        int stateSize = java.util.Arrays.stream(widths).sum();
        float[][] parts = new float[widths.length][];
        for (int part = 0, first = 0; part < widths.length; first += widths[part], part++) {
            parts[part] = new float[n * widths[part]];
            for (int b = 0; b < n; b++) {
                for (int u = 0; u < widths[part]; u++) {
                    parts[part][b * widths[part] + u] = state[(int) TileLayout.stateIndex(b, first + u, n, stateSize)];
                }
            }
        }
        return parts;
    }
}
