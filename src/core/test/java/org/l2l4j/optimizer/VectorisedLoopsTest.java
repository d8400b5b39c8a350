package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;

import java.util.Random;


/**
 * Holds the vectorised loops of {@link TiledLstm} equal to its scalar loops, forward and backward, on a range whose
 * length is no multiple of the vector width (so both the vector part and the scalar remainder run) and a hidden
 * size whose gate count is no multiple of the eight rows accumulated at once. The forward step of both is also held
 * equal to the SameDiff definition by {@code StepKernelTest}, and the vectorised backward to finite differences
 * through {@code FastUnrollTest} and {@code MetaGradientFiniteDifferenceTest}.
 */
class VectorisedLoopsTest {

    @Test
    void vectorisedAndScalarLoopsAgreeForwardAndBackward() {
        for (OptimizerShape shape : new OptimizerShape[]{OptimizerShape.PAPER_MNIST,
                new OptimizerShape(7, GradientPreprocessing.logSign(5f), 0.01f), OptimizerShape.GENERAL}) {
            LearnedOptimizer phi = LearnedOptimizer.randomInit(shape, 3);
            Result vector = run(new TiledLstm(phi, true), shape, 93);
            Result scalar = run(new TiledLstm(phi, false), shape, 93);
            MaxNormError.assertClose(scalar.step, vector.step, shape + ": step");
            MaxNormError.assertClose(scalar.state, vector.state, shape + ": state");
            MaxNormError.assertClose(scalar.phiGradient, vector.phiGradient, shape + ": dL/dφ");
        }
    }

    private record Result(float[] step, float[] state, float[] phiGradient) {
    }

    /** Two steps forward from a random state, then the backward of the second with a random dL/dstep. */
    private static Result run(TiledLstm lstm, OptimizerShape shape, int n) {
        Random random = new Random(11);
        int h = shape.hiddenSize();
        float[] gradient = new float[n];
        for (int b = 0; b < n; b++) {
            gradient[b] = (float) (random.nextGaussian() * Math.pow(10, -6 + 6 * random.nextDouble()));
        }
        gradient[0] = 0f;
        float[][] features = new float[lstm.inputs()][n];
        int momentRows = shape.preprocessing().stateRows();
        float[][] moments = randomRows(random, momentRows, n);
        if (momentRows > 0) {
            float[] v = moments[momentRows - 1];
            for (int b = 0; b < n; b++) {
                v[b] = b % 5 == 0 ? 0f : v[b] * v[b] * 1e-6f;
            }
        }
        float[][] movedMoments = new float[momentRows][n];
        float[][] outputs = new float[lstm.outputs()][n];
        float[][] h1 = randomRows(random, h, n);
        float[][] c1 = randomRows(random, h, n);
        float[][] h2 = randomRows(random, h, n);
        float[][] c2 = randomRows(random, h, n);
        float[][] h1Next = new float[h][n];
        float[][] c1Next = new float[h][n];
        float[][] h2Next = new float[h][n];
        float[][] c2Next = new float[h][n];
        float[][] gates1 = new float[lstm.gates()][n];
        float[][] gates2 = new float[lstm.gates()][n];
        float[] step = new float[n];

        lstm.preprocess(gradient, moments, movedMoments, features, 0, n);
        float[][] in1 = Rows.concat(features, h1);
        float[][] in2 = Rows.concat(h1Next, h2);
        lstm.layerForward(1, in1, gates1, c1, c1Next, h1Next, 0, n);
        lstm.layerForward(2, in2, gates2, c2, c2Next, h2Next, 0, n);
        lstm.output(h2Next, features, outputs, step, 1f, 0, 0, n);

        TiledLstm.PhiGradient accumulator = TiledLstm.newGradient(shape, n);
        float[] stepGradient = randomRows(random, 1, n)[0];
        float[][] dh2 = new float[h][n];
        lstm.outputBackward(stepGradient, h2Next, features, outputs, new float[h][n], dh2, accumulator, 0, 0, n);
        float[][] dc2 = randomRows(random, h, n);
        float[][] dIn2 = new float[2 * h][n];
        lstm.layerBackward(2, in2, gates2, c2, c2Next, dh2, dc2, new float[lstm.gates()][n], dIn2, 0, accumulator, 0, n);
        float[][] dh1 = Rows.slice(dIn2, 0, h);
        float[][] dc1 = randomRows(random, h, n);
        float[][] dIn1 = new float[lstm.inputs() + h][n];
        lstm.layerBackward(1, in1, gates1, c1, c1Next, dh1, dc1, new float[lstm.gates()][n], dIn1, lstm.inputs(),
                accumulator, 0, n);
        double[] flat = new double[shape.parameterCount()];
        accumulator.addTo(flat, shape);

        float[] phiGradient = new float[flat.length];
        for (int i = 0; i < flat.length; i++) {
            phiGradient[i] = (float) flat[i];
        }
        return new Result(step, concat(h1Next, c1Next, h2Next, c2Next, movedMoments, dIn1, dIn2, dc1, dc2),
                phiGradient);
    }

    private static float[][] randomRows(Random random, int rows, int n) {
        float[][] out = new float[rows][n];
        for (float[] row : out) {
            for (int b = 0; b < n; b++) {
                row[b] = (float) (random.nextGaussian() * 0.5);
            }
        }
        return out;
    }

    private static float[] concat(float[][]... groups) {
        int length = 0;
        for (float[][] group : groups) {
            for (float[] row : group) {
                length += row.length;
            }
        }
        float[] out = new float[length];
        int at = 0;
        for (float[][] group : groups) {
            for (float[] row : group) {
                System.arraycopy(row, 0, out, at, row.length);
                at += row.length;
            }
        }
        return out;
    }
}
