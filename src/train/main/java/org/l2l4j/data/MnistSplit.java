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

    /**
     * A split of images of the same number of pixels (row-major, in [0, 1]) and their labels; the arrays are
     * handed over, not copied.
     */
    public static MnistSplit of(float[][] images, int[] labels) {
        if (images.length != labels.length || images.length == 0) {
            throw new IllegalArgumentException("a split needs as many labels as images, and at least one; got "
                    + images.length + " images and " + labels.length + " labels");
        }
        for (float[] image : images) {
            if (image.length != images[0].length) {
                throw new IllegalArgumentException("images of " + image.length + " and " + images[0].length
                        + " pixels in one split");
            }
        }
        return new MnistSplit(images, labels);
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

    /** The side of the square images, in pixels. */
    public int side() {
        int pixels = images.length == 0 ? 0 : images[0].length;
        int side = (int) Math.round(Math.sqrt(pixels));
        if (side * side != pixels) {
            throw new IllegalStateException("images of " + pixels + " pixels are not square");
        }
        return side;
    }

    /** Examples {@code from} to {@code from + count - 1}, sharing this split's arrays. */
    public MnistSplit range(int from, int count) {
        if (from < 0 || count < 1 || from + count > size()) {
            throw new IllegalArgumentException("examples " + from + " to " + (from + count - 1) + " are not all in a split of "
                    + size());
        }
        return new MnistSplit(java.util.Arrays.copyOfRange(images, from, from + count),
                java.util.Arrays.copyOfRange(labels, from, from + count));
    }

    /**
     * The images shrunk by an integer factor, each new pixel the mean of a factor × factor block: small
     * inputs for cheap optimizees (28 × 28 MNIST becomes 14 × 14 with factor 2, 7 × 7 with factor 4).
     */
    public MnistSplit downsampled(int factor) {
        int side = side();
        if (factor < 1 || side % factor != 0) {
            throw new IllegalArgumentException("cannot shrink " + side + "x" + side + " images by " + factor);
        }
        int small = side / factor;
        float scale = 1f / (factor * factor);
        float[][] shrunk = new float[images.length][small * small];
        for (int e = 0; e < images.length; e++) {
            float[] from = images[e];
            float[] to = shrunk[e];
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    to[(r / factor) * small + c / factor] += from[r * side + c] * scale;
                }
            }
        }
        return new MnistSplit(shrunk, labels);
    }
}
