package org.l2l4j.data;

/**
 * One split of an MNIST-format dataset in memory. The arrays are handed over, not copied: they
 * belong to the caller.
 */
public final class MnistSplit {

    private final float[][] images;
    private final int[] labels;

    MnistSplit(float[][] images, int[] labels) {
        this.images = images;
        this.labels = labels;
    }

    /** One row of {@code rows * cols} pixels per example, row-major, scaled to [0, 1]. */
    public float[][] images() {
        return images;
    }

    /** The digit (0..9) of each example. */
    public int[] labels() {
        return labels;
    }

    public int size() {
        return labels.length;
    }
}
