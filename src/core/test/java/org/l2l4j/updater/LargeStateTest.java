package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A network whose optimizer state passes 2³¹ bytes trains, and every coordinate, wherever its state lies, moves
 * by the SameDiff definition's step: the 784-8600-10 MLP (6.84 million parameters, 2.19 GB of state) that used
 * to fail at its first fit. Only three input pixels are ever non-zero, so most first-layer weights get exactly
 * zero gradients, stay dormant and cost no arithmetic: the test runs in seconds and the reference has only the
 * live coordinates to compute.
 */
class LargeStateTest {

    private static final int INPUTS = 784;
    private static final int HIDDEN = 8600;
    private static final int CLASSES = 10;
    private static final int[] LIVE_PIXELS = {3, 400, 783};
    private static final int STEPS = 2;

    /** Frees the 2.19 GB of state now rather than when a later test runs into the off-heap limit. */
    @AfterEach
    void releaseTheState() {
        Nd4j.getMemoryManager().invokeGc();
    }

    @Test
    void aNetworkWithMoreThanTwoGibibytesOfStateTrainsExactlyAsTheDefinitionSays() {
        LearnedUpdater learned = LearnedUpdater.pretrained("paper-mnist");
        long parameters = (long) INPUTS * HIDDEN + HIDDEN + (long) HIDDEN * CLASSES + CLASSES;
        long stateBytes = parameters * learned.optimizer().shape().stateSize() * Float.BYTES;
        assertTrue(stateBytes > (1L << 31), "the state must pass 2^31 bytes, it has " + stateBytes);
        long needed = stateBytes + (1L << 29);
        assumeTrue(StateBudget.offHeapLimitBytes() >= needed, "this test needs " + needed + " bytes of off-heap"
                + " memory, this JVM allows " + StateBudget.offHeapLimitBytes() + " (run it with -Xmx3g or more)");

        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(8600).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER)
                .updater(learned)
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        assertEquals(parameters, net.numParams());

        List<float[]> gradients = new ArrayList<>();
        List<float[]> params = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            DataSet batch = batch(t);
            net.setInput(batch.getFeatures());
            net.setLabels(batch.getLabels());
            net.computeGradientAndScore();
            gradients.add(net.gradient().gradient().div(batch.numExamples()).toFloatVector());
            params.add(net.params().toFloatVector());
            net.fit(batch);
        }
        params.add(net.params().toFloatVector());

        // the coordinates that ever got a gradient; all others are dormant throughout and must not move at all
        int[] live = liveCoordinates(gradients);
        ReferenceOptimizer reference = new ReferenceOptimizer(learned.optimizer(), live.length);
        assertTrue(live.length < parameters / 50, "most coordinates should be dormant, " + live.length + " are live");
        assertTrue(live[live.length - 1] * 80L * Float.BYTES > (1L << 31), "some live coordinate's state must lie past 2^31 bytes");
        for (int t = 0; t < STEPS; t++) {
            float[] before = params.get(t);
            float[] after = params.get(t + 1);
            float[] step = reference.step(gather(gradients.get(t), live));
            double maxError = 0;
            double maxStep = 0;
            double maxParam = 0;
            for (int i = 0; i < live.length; i++) {
                float moved = after[live[i]] - before[live[i]];
                maxError = Math.max(maxError, Math.abs(moved - step[i]));
                maxStep = Math.max(maxStep, Math.abs(step[i]));
                maxParam = Math.max(maxParam, Math.abs(after[live[i]]));
            }
            // after = before + step up to float rounding, as in UpdaterMatchesReferenceTest
            assertTrue(maxStep > 1e-6, "step " + t + ": the optimizer took no step");
            assertTrue(maxError <= 1e-5 * maxStep + Math.ulp((float) maxParam), "step " + t + ": max error " + maxError
                    + " for steps up to " + maxStep);
            int next = 0;
            for (int c = 0; c < before.length; c++) {
                if (next < live.length && live[next] == c) {
                    next++;
                } else if (before[c] != after[c]) {
                    throw new AssertionError("dormant coordinate " + c + " moved at step " + t);
                }
            }
        }
    }

    /** Four examples, each with one of the live pixels on. */
    private static DataSet batch(int t) {
        int examples = 4;
        INDArray features = Nd4j.zeros(DataType.FLOAT, examples, INPUTS);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, examples, CLASSES);
        for (int i = 0; i < examples; i++) {
            features.putScalar(i, LIVE_PIXELS[(i + t) % LIVE_PIXELS.length], 1f);
            labels.putScalar(i, (3 * i + t) % CLASSES, 1f);
        }
        return new DataSet(features, labels);
    }

    private static int[] liveCoordinates(List<float[]> gradients) {
        int n = gradients.get(0).length;
        return java.util.stream.IntStream.range(0, n)
                .filter(c -> gradients.stream().anyMatch(g -> g[c] != 0f))
                .toArray();
    }

    private static float[] gather(float[] values, int[] at) {
        float[] out = new float[at.length];
        for (int i = 0; i < at.length; i++) {
            out[i] = values[at[i]];
        }
        return out;
    }
}
