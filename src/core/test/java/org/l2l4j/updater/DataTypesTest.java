package org.l2l4j.updater;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DOUBLE networks train with the float kernel through conversions at the updater's boundary; types too coarse to
 * hold the LSTM state are refused when the updater is made.
 */
class DataTypesTest {

    private static final LearnedUpdater LEARNED = LearnedUpdater.randomInit(33);
    private static final int STEPS = 5;
    /** Several conversion chunks of the state, and a last tile of 44 coordinates. */
    private static final int COORDINATES = 2 * 64 * 128 + 300;
    private static final int STATE = COORDINATES * LEARNED.optimizer().shape().stateSize();
    private static final int OFFSET = 37;

    @TempDir
    Path dir;

    /**
     * Given gradients a float holds exactly, the DOUBLE path computes exactly the FLOAT path's updates and state,
     * for a block that starts inside a bigger gradient and state array, as DL4J's blocks do.
     */
    @Test
    void doubleArraysGetExactlyTheFloatUpdatesAndState() {
        INDArray floatState = Nd4j.zeros(DataType.FLOAT, 1, OFFSET + STATE).get(NDArrayIndex.point(0),
                NDArrayIndex.interval(OFFSET, OFFSET + STATE));
        INDArray doubleState = Nd4j.zeros(DataType.DOUBLE, 1, OFFSET + STATE).get(NDArrayIndex.point(0),
                NDArrayIndex.interval(OFFSET, OFFSET + STATE));
        GradientUpdater<?> floats = LEARNED.instantiate(floatState, true);
        GradientUpdater<?> doubles = LEARNED.instantiate(doubleState, true);
        Random random = new Random(5);
        for (int step = 0; step < 3; step++) {
            float[] g = gradient(random);
            INDArray floatGradient = block(DataType.FLOAT);
            INDArray doubleGradient = block(DataType.DOUBLE);
            floatGradient.assign(Nd4j.createFromArray(g));
            doubleGradient.assign(Nd4j.createFromArray(g).castTo(DataType.DOUBLE));
            // beyond float's range: the DOUBLE path saturates at the largest float
            floatGradient.putScalar(11, Float.MAX_VALUE);
            doubleGradient.putScalar(11, 1e39);
            floatGradient.putScalar(12, -Float.MAX_VALUE);
            doubleGradient.putScalar(12, -1e300);
            floats.applyUpdater(floatGradient, step, 0);
            doubles.applyUpdater(doubleGradient, step, 0);
            assertArrayEquals(floatGradient.toFloatVector(), doubleGradient.toFloatVector(), "update at step " + step);
            assertArrayEquals(floatGradient.toDoubleVector(), doubleGradient.toDoubleVector(), "exact in double");
        }
        assertArrayEquals(floatState.toFloatVector(), doubleState.toFloatVector());
        assertTrue(floatState.amaxNumber().doubleValue() > 0, "the state moved");
    }

    @Test
    void aNonFiniteDoubleGradientMeetsThePolicy() {
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, STATE);
        INDArray gradient = block(DataType.DOUBLE).assign(Nd4j.createFromArray(gradient(new Random(6))).castTo(DataType.DOUBLE));
        gradient.putScalar(COORDINATES - 1, Double.NaN);
        assertThrows(NonFiniteGradientException.class, () -> LEARNED.instantiate(state, true).applyUpdater(gradient, 0, 0));

        gradient.putScalar(COORDINATES - 1, Double.POSITIVE_INFINITY);
        LEARNED.onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP).instantiate(state, true).applyUpdater(gradient, 0, 0);
        assertEquals(0.0, gradient.amaxNumber().doubleValue(), "a skipped step updates nothing");
        assertEquals(0.0, state.amaxNumber().doubleValue(), "and leaves the state alone");
    }

    /** Same initial parameters and batches: a DOUBLE network ends where the FLOAT one does, to float precision. */
    @Test
    void aDoubleNetworkTrainsLikeTheFloatNetwork() {
        MultiLayerNetwork floats = new MultiLayerNetwork(TinyModels.multiLayer(LEARNED, new Adam(0.01), DataType.FLOAT));
        floats.init();
        MultiLayerNetwork doubles = new MultiLayerNetwork(TinyModels.multiLayer(LEARNED, new Adam(0.01), DataType.DOUBLE));
        doubles.init();
        doubles.setParams(floats.params().castTo(DataType.DOUBLE));
        double[] initial = doubles.params().toDoubleVector();
        for (int t = 0; t < STEPS; t++) {
            floats.fit(TinyModels.batch(t));
            doubles.fit(TinyModels.batch(t));
        }
        assertEquals(DataType.DOUBLE, doubles.params().dataType());
        double[] expected = floats.params().toDoubleVector();
        double[] actual = doubles.params().toDoubleVector();
        double largestChange = 0;
        for (int i = 0; i < expected.length; i++) {
            largestChange = Math.max(largestChange, Math.abs(actual[i] - initial[i]));
            // float rounding of the forward and backward pass in the FLOAT network, compounded over a few steps
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "parameter " + i);
        }
        assertTrue(largestChange > 1e-3, "training moved the parameters: " + largestChange);
    }

    @Test
    void aDoubleSameDiffModelTrainsLikeTheFloatOne() {
        SameDiff floats = TinyModels.sameDiff(LEARNED, DataType.FLOAT);
        SameDiff doubles = TinyModels.sameDiff(LEARNED, DataType.DOUBLE);
        for (int t = 0; t < STEPS; t++) {
            DataSet batch = TinyModels.batch(t);
            floats.fit(batch);
            doubles.fit(new DataSet(batch.getFeatures().castTo(DataType.DOUBLE), batch.getLabels().castTo(DataType.DOUBLE)));
        }
        for (String v : TinyModels.SAME_DIFF_VARIABLES) {
            INDArray actual = doubles.getArrForVarName(v);
            assertEquals(DataType.DOUBLE, actual.dataType(), v);
            double[] expected = floats.getArrForVarName(v).ravel().toDoubleVector();
            double[] values = actual.ravel().toDoubleVector();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], values[i], 1e-5 * Math.max(1, Math.abs(expected[i])), v + "[" + i + "]");
            }
        }
    }

    @Test
    void aDoubleNetworkResumesBitForBitAfterModelSerializer() throws IOException {
        MultiLayerNetwork uninterrupted = new MultiLayerNetwork(TinyModels.multiLayer(LEARNED, new Adam(0.01), DataType.DOUBLE));
        uninterrupted.init();
        MultiLayerNetwork first = new MultiLayerNetwork(TinyModels.multiLayer(LEARNED, new Adam(0.01), DataType.DOUBLE));
        first.init();
        for (int t = 0; t < STEPS; t++) {
            uninterrupted.fit(TinyModels.batch(t));
            if (t < 2) {
                first.fit(TinyModels.batch(t));
            }
        }
        File file = dir.resolve("double.zip").toFile();
        ModelSerializer.writeModel(first, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        for (int t = 2; t < STEPS; t++) {
            restored.fit(TinyModels.batch(t));
        }
        assertArrayEquals(uninterrupted.params().toDoubleVector(), restored.params().toDoubleVector());
        assertArrayEquals(uninterrupted.getUpdater().getStateViewArray().toDoubleVector(),
                restored.getUpdater().getStateViewArray().toDoubleVector());
    }

    @Test
    void halfIsRefusedWhenTheUpdaterIsMade() {
        var direct = assertThrows(IllegalArgumentException.class,
                () -> LEARNED.instantiate(Nd4j.zeros(DataType.HALF, 1, 2 * LEARNED.optimizer().shape().stateSize()), true));
        assertTrue(direct.getMessage().contains("HALF") && direct.getMessage().contains(".dataType(DataType.FLOAT)"),
                direct.getMessage());

        MultiLayerNetwork half = new MultiLayerNetwork(TinyModels.multiLayer(LEARNED, LEARNED, DataType.HALF));
        half.init();
        float[] before = half.params().toFloatVector();
        var e = assertThrows(IllegalArgumentException.class, () -> half.fit(TinyModels.batch(0)));
        assertTrue(e.getMessage().contains("HALF") && e.getMessage().contains("LearnedUpdater"), e.getMessage());
        assertArrayEquals(before, half.params().toFloatVector(), "refused before any step");
    }

    private static INDArray block(DataType type) {
        return Nd4j.zeros(type, 1, OFFSET + COORDINATES).get(NDArrayIndex.point(0),
                NDArrayIndex.interval(OFFSET, OFFSET + COORDINATES));
    }

    /** Gradients over many magnitudes, both sides of the log-sign preprocessing's threshold, some exactly zero. */
    private static float[] gradient(Random random) {
        float[] g = new float[COORDINATES];
        for (int i = 0; i < g.length; i++) {
            g[i] = i % 97 == 0 ? 0f : (float) (random.nextGaussian() * Math.pow(10, -8 + 8 * random.nextDouble()));
        }
        return g;
    }
}
