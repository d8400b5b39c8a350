package org.l2l4j.data;

/** Example counts and image size of a validated MNIST-format dataset. */
record MnistShape(int trainCount, int testCount, int rows, int cols) {

    static final MnistShape STANDARD = new MnistShape(60_000, 10_000, 28, 28);

    int count(boolean train) {
        return train ? trainCount : testCount;
    }
}
