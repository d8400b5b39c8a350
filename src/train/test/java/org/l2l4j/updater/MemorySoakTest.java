package org.l2l4j.updater;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.testing.MemoryFootprint;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long runs keep a flat footprint: after warm-up, neither the heap nor native memory grows with the number of
 * steps. A leak of one 15,910-float array per step would add 64 KB a step, 64 MB per 1,000 steps, above the
 * bounds here.
 *
 * <p>The default lengths keep the suite fast; the full soak of the reliability issue (10,000 updater steps,
 * 2,000 fit steps, a few minutes) runs with
 * {@code mvn -o test -Dtest=MemorySoakTest -Dl2l4j.soak.updaterSteps=10000 -Dl2l4j.soak.fitSteps=2000}.
 */
class MemorySoakTest {

    /** Parameters of the paper's MNIST MLP, 784·20 + 20 + 20·10 + 10. */
    private static final int MNIST_MLP_PARAMETERS = 15_910;
    private static final int UPDATER_STEPS = Integer.getInteger("l2l4j.soak.updaterSteps", 2_000);
    private static final int FIT_STEPS = Integer.getInteger("l2l4j.soak.fitSteps", 400);
    private static final int SAMPLES = 5;
    private static final long RESIDENT_BOUND = 64L << 20;

    @Test
    void updaterStepsOnAnMnistSizedGradientKeepMemoryFlat() {
        GradientUpdater<?> updater = LearnedUpdater.randomInit(4)
                .instantiate(Nd4j.create(DataType.FLOAT, (long) MNIST_MLP_PARAMETERS * 80), true);
        INDArray gradient = Nd4j.create(DataType.FLOAT, 1, MNIST_MLP_PARAMETERS);
        FloatBuffer gradientFloats = gradient.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[][] gradients = randomGradients(4);

        int warmUp = UPDATER_STEPS / 4;
        for (int step = 0; step < warmUp; step++) {
            gradientFloats.put(0, gradients[step % gradients.length]);
            updater.applyUpdater(gradient, step, 0);
        }
        MemoryFootprint baseline = MemoryFootprint.measure();
        List<MemoryFootprint> samples = new ArrayList<>();
        int perSample = (UPDATER_STEPS - warmUp) / SAMPLES;
        for (int step = warmUp; step < UPDATER_STEPS; step++) {
            gradientFloats.put(0, gradients[step % gradients.length]);
            updater.applyUpdater(gradient, step, 0);
            if ((step - warmUp + 1) % perSample == 0) {
                samples.add(MemoryFootprint.measure());
            }
        }
        MemoryFootprint.assertFlat("updater, " + UPDATER_STEPS + " steps", baseline, samples, RESIDENT_BOUND);
    }

    @Test
    void fitStepsOnTheMnistMlpKeepMemoryFlat() {
        MultiLayerNetwork net = new MultiLayerNetwork(MnistMlp.PAPER.configuration(LearnedUpdater.randomInit(4), 7));
        net.init();
        List<DataSet> batches = new ArrayList<>();
        Random random = new Random(3);
        for (int b = 0; b < 8; b++) {
            batches.add(randomMnistBatch(random));
        }
        int warmUp = FIT_STEPS / 4;
        for (int step = 0; step < warmUp; step++) {
            net.fit(batches.get(step % batches.size()));
        }
        MemoryFootprint baseline = MemoryFootprint.measure();
        List<MemoryFootprint> samples = new ArrayList<>();
        int perSample = (FIT_STEPS - warmUp) / SAMPLES;
        for (int step = warmUp; step < FIT_STEPS; step++) {
            net.fit(batches.get(step % batches.size()));
            if ((step - warmUp + 1) % perSample == 0) {
                samples.add(MemoryFootprint.measure());
            }
        }
        assertTrue(Double.isFinite(net.score()), "training stayed finite");
        MemoryFootprint.assertFlat("MultiLayerNetwork.fit, " + FIT_STEPS + " steps", baseline, samples, RESIDENT_BOUND);
    }

    private static float[][] randomGradients(int count) {
        Random random = new Random(11);
        float[][] gradients = new float[count][MNIST_MLP_PARAMETERS];
        for (float[] g : gradients) {
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) (random.nextGaussian() * 1e-3);
            }
        }
        return gradients;
    }

    /** 128 uniform random "images" with random one-hot labels: enough to exercise every code path of a step. */
    private static DataSet randomMnistBatch(Random random) {
        float[] pixels = new float[128 * MnistMlp.INPUTS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 128, MnistMlp.CLASSES);
        for (int i = 0; i < 128; i++) {
            labels.putScalar(i, random.nextInt(MnistMlp.CLASSES), 1f);
        }
        return new DataSet(Nd4j.create(pixels, new long[]{128, MnistMlp.INPUTS}, 'c'), labels);
    }
}
