package org.l2l4j.problem;

import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.data.MnistSplit;

import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests run DL4J's layers on oneDNN as {@code ./l2l4j} does (surefire's argLine), and that path gives the loss
 * and gradient of DL4J's built-in one.
 */
class OneDnnLayersTest {

    private static final MnistSplit DATA = RandomImages.split(200, 4);

    @Test
    void convolutionsAndPoolingGetOneDnnHelpers() {
        assertTrue(OneDnnLayers.active(), OneDnnLayers.describe());
        MultiLayerNetwork network = (MultiLayerNetwork) cnnSmall().model().instantiate(0).model();
        assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) network.getLayer(0)).getHelper());
        assertInstanceOf(MKLDNNSubsamplingHelper.class, ((SubsamplingLayer) network.getLayer(1)).getHelper());
    }

    @Test
    void withHelpersDisabledTheLayersRunDl4jsBuiltInPath() {
        MultiLayerNetwork network = builtIn(() -> (MultiLayerNetwork) cnnSmall().model().instantiate(0).model());
        assertNull(((ConvolutionLayer) network.getLayer(0)).getHelper());
        assertTrue(OneDnnLayers.active(), "the switch is restored");
    }

    /** float sums in another order: equal to a few ulps of the largest terms, not bit for bit */
    @Test
    void oneDnnGivesTheLossAndGradientOfDl4jsBuiltInPath() {
        for (String task : List.of("cnn-small", "lenet", "rnn-rows-lstm")) {
            NetworkProblem problem = (NetworkProblem) Tasks.named(task).problem(DATA, DATA);
            float[] theta = problem.initialParameters(3);
            Batch batch = problem.batches(3).next();
            float[] fast = new float[theta.length];
            float[] reference = new float[theta.length];
            double fastLoss = problem.evaluator().lossAndGradient(theta, batch, fast);
            double referenceLoss = builtIn(problem::evaluator).lossAndGradient(theta, batch, reference);
            assertEquals(referenceLoss, fastLoss, 1e-5 * referenceLoss, task);
            double difference = 0;
            double norm = 0;
            for (int i = 0; i < theta.length; i++) {
                difference += (fast[i] - reference[i]) * (double) (fast[i] - reference[i]);
                norm += reference[i] * (double) reference[i];
            }
            assertTrue(norm > 0, task);
            assertTrue(Math.sqrt(difference / norm) <= 1e-5, task + ": relative error " + Math.sqrt(difference / norm));
        }
    }

    private static NetworkProblem cnnSmall() {
        return (NetworkProblem) Tasks.named("cnn-small").problem(DATA, DATA);
    }

    /** What {@code make} builds with DL4J's helpers off: its layers choose their helpers when constructed. */
    private static <T> T builtIn(Supplier<T> make) {
        String before = System.getProperty(OneDnnLayers.HELPERS_DISABLED_PROPERTY);
        System.setProperty(OneDnnLayers.HELPERS_DISABLED_PROPERTY, "true");
        try {
            return make.get();
        } finally {
            System.setProperty(OneDnnLayers.HELPERS_DISABLED_PROPERTY, before);
        }
    }
}
