package org.l2l4j.problem;

/**
 * How a square grayscale image reaches a network's input: as one flat row of pixels (dense layers, or a CNN
 * configured with {@code InputType.convolutionalFlat}, whose preprocessor reshapes the row itself), as a
 * one-channel NCHW image, or as a sequence whose time steps are the image's rows (recurrent layers, NCW).
 */
public enum InputLayout {
    FLAT, IMAGE, SEQUENCE;

    /** The input array's shape for a minibatch of {@code batch} images of {@code side} × {@code side}. */
    public long[] shape(int batch, int side) {
        return switch (this) {
            case FLAT -> new long[]{batch, (long) side * side};
            case IMAGE -> new long[]{batch, 1, side, side};
            case SEQUENCE -> new long[]{batch, side, side};
        };
    }

    /**
     * Writes one image (row-major pixels) as example {@code b} of an input array in this layout. A sequence
     * input is [batch, features, time] with time = row and feature = column, so it is the image transposed.
     */
    void write(float[] image, int side, float[] input, int b) {
        int pixels = side * side;
        if (this == SEQUENCE) {
            int base = b * pixels;
            for (int row = 0; row < side; row++) {
                for (int col = 0; col < side; col++) {
                    input[base + col * side + row] = image[row * side + col];
                }
            }
        } else {
            System.arraycopy(image, 0, input, b * pixels, pixels);
        }
    }

    String describe(int side) {
        return switch (this) {
            case FLAT -> "a flat row of " + side * side + " pixels [batch, " + side * side + "]";
            case IMAGE -> side + "x" + side + " one-channel images [batch, 1, " + side + ", " + side + "]";
            case SEQUENCE -> "sequences of " + side + " rows of " + side + " pixels [batch, " + side + ", " + side + "]";
        };
    }
}
