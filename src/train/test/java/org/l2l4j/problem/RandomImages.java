package org.l2l4j.problem;

import org.l2l4j.data.MnistSplit;

import java.util.SplittableRandom;

/** A seeded split of random 28 × 28 "digits" (about half the pixels zero, as in MNIST) with random labels. */
public final class RandomImages {

    private RandomImages() {
    }

    public static MnistSplit split(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] images = new float[count][784];
        int[] labels = new int[count];
        for (int e = 0; e < count; e++) {
            for (int p = 0; p < 784; p++) {
                images[e][p] = random.nextBoolean() ? 0f : (float) random.nextDouble();
            }
            labels[e] = random.nextInt(10);
        }
        return MnistSplit.of(images, labels);
    }
}
