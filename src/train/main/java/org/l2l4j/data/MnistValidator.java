package org.l2l4j.data;

import java.util.Map;

/**
 * Checks the four files of an MNIST-format dataset before anything else reads them, so that users
 * see which file is wrong instead of an exception from deep inside ND4J.
 */
final class MnistValidator {

    static final int CLASSES = 10;

    private MnistValidator() {
    }

    /** Validates headers, file lengths, image/label counts per split, image sizes and every label. */
    static MnistShape validate(Map<MnistFile, IdxFile> files, String remedy) {
        IdxHeader trainImages = validateSplit(files, true, remedy);
        IdxHeader testImages = validateSplit(files, false, remedy);
        if (testImages.rows() != trainImages.rows() || testImages.cols() != trainImages.cols()) {
            throw DatasetException.forFile(files.get(MnistFile.TEST_IMAGES).origin(),
                    "images are " + testImages.rows() + "x" + testImages.cols() + " but the training images in "
                            + files.get(MnistFile.TRAIN_IMAGES).origin() + " are "
                            + trainImages.rows() + "x" + trainImages.cols(), remedy);
        }
        return new MnistShape(trainImages.count(), testImages.count(), trainImages.rows(), trainImages.cols());
    }

    private static IdxHeader validateSplit(Map<MnistFile, IdxFile> files, boolean train, String remedy) {
        IdxFile imageFile = files.get(MnistFile.images(train));
        IdxFile labelFile = files.get(MnistFile.labels(train));
        IdxHeader images = IdxHeader.read(imageFile, IdxHeader.Kind.IMAGES, remedy);
        int[] labels = IdxReader.readLabels(labelFile, remedy);
        if (labels.length != images.count()) {
            throw DatasetException.forFile(labelFile.origin(), "has " + labels.length + " labels but "
                    + imageFile.origin() + " has " + images.count() + " images; they must match", remedy);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw DatasetException.forFile(labelFile.origin(), "label " + labels[i] + " at index " + i
                        + " is outside 0.." + (CLASSES - 1), remedy);
            }
        }
        return images;
    }
}
