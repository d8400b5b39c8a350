package org.l2l4j.updater;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.problem.MnistMlp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One LearnedUpdater configuration shared by two networks that train at the same time on two threads: each
 * network must end exactly where it ends when trained alone, so no optimizer state or scratch space is shared.
 */
class ConcurrentTrainingTest {

    private static final int STEPS = 40;
    private static final int BATCH = 32;

    @Test
    void twoNetworksSharingOneUpdaterConfigTrainInParallelAsIfAlone() throws Exception {
        LearnedUpdater shared = LearnedUpdater.randomInit(17);
        // different initial parameters and data, so any leak of state between the two would change both results
        List<DataSet> dataA = batches(1);
        List<DataSet> dataB = batches(2);

        MultiLayerNetwork aloneA = network(shared, 101);
        train(aloneA, dataA);
        MultiLayerNetwork aloneB = network(shared, 202);
        train(aloneB, dataB);

        MultiLayerNetwork parallelA = network(shared, 101);
        MultiLayerNetwork parallelB = network(shared, 202);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<long[]> a = threads.submit(() -> timedTraining(parallelA, dataA, start));
            Future<long[]> b = threads.submit(() -> timedTraining(parallelB, dataB, start));
            start.countDown();
            // shared scratch space can also show up as a deadlock in the fork-join kernel, so bound the wait
            long[] spanA = a.get(5, TimeUnit.MINUTES);
            long[] spanB = b.get(5, TimeUnit.MINUTES);
            assertTrue(spanA[0] < spanB[1] && spanB[0] < spanA[1], "the two trainings overlapped in time");
        } finally {
            threads.shutdownNow();
        }

        assertArrayEquals(aloneA.params().toFloatVector(), parallelA.params().toFloatVector());
        assertArrayEquals(aloneA.getUpdater().getStateViewArray().toFloatVector(),
                parallelA.getUpdater().getStateViewArray().toFloatVector());
        assertArrayEquals(aloneB.params().toFloatVector(), parallelB.params().toFloatVector());
        assertArrayEquals(aloneB.getUpdater().getStateViewArray().toFloatVector(),
                parallelB.getUpdater().getStateViewArray().toFloatVector());
    }

    /** Trains after {@code start} opens; returns the start and end time of the training. */
    private static long[] timedTraining(MultiLayerNetwork net, List<DataSet> data, CountDownLatch start) throws InterruptedException {
        start.await();
        long begin = System.nanoTime();
        train(net, data);
        return new long[]{begin, System.nanoTime()};
    }

    private static void train(MultiLayerNetwork net, List<DataSet> data) {
        for (DataSet batch : data) {
            net.fit(batch);
        }
    }

    private static MultiLayerNetwork network(LearnedUpdater updater, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(MnistMlp.PAPER.configuration(updater, seed));
        net.init();
        return net;
    }

    private static List<DataSet> batches(long seed) {
        Random random = new Random(seed);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < STEPS; b++) {
            float[] pixels = new float[BATCH * MnistMlp.INPUTS];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat();
            }
            INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, MnistMlp.CLASSES);
            for (int i = 0; i < BATCH; i++) {
                labels.putScalar(i, random.nextInt(MnistMlp.CLASSES), 1f);
            }
            batches.add(new DataSet(Nd4j.create(pixels, new long[]{BATCH, MnistMlp.INPUTS}, 'c'), labels));
        }
        return batches;
    }
}
