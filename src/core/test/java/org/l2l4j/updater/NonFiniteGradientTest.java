package org.l2l4j.updater;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A NaN in one layer's gradient either stops training with an exception that locates it (THROW) or costs
 * exactly one step (SKIP_STEP); in both cases the parameters and the optimizer state stay bit for bit as they were.
 */
class NonFiniteGradientTest {

    private static final LearnedUpdater LEARNED = LearnedUpdater.randomInit(8);
    /** Element 5 of layer 1's weights; layer 1 is the middle of the three layers. */
    private static final String POISONED_PARAMETER = "1_W";
    private static final long POISONED_ELEMENT = 5;

    @Test
    void throwLeavesEverythingUnchangedAndNamesTheLayerAndParameter() {
        MultiLayerNetwork net = network(LEARNED);
        NaNInjector injector = new NaNInjector(POISONED_PARAMETER, POISONED_ELEMENT);
        net.setListeners(injector);
        net.fit(TinyModels.batch(0));
        net.fit(TinyModels.batch(1));
        float[] paramsBefore = net.params().toFloatVector();
        float[] stateBefore = net.getUpdater().getStateViewArray().toFloatVector();

        injector.armForNextStep();
        NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, () -> net.fit(TinyModels.batch(2)));

        assertArrayEquals(paramsBefore, net.params().toFloatVector());
        assertArrayEquals(stateBefore, net.getUpdater().getStateViewArray().toFloatVector());
        // the flattened index follows from DL4J's parameter order: all of layer 0, then layer 1's W first
        long expectedIndex = net.getLayer(0).numParams() + POISONED_ELEMENT;
        assertEquals(expectedIndex, e.parameterIndex());
        assertEquals(2, e.iteration());
        assertTrue(e.getMessage().startsWith("NaN gradient at iteration 2 for flattened parameter " + expectedIndex
                + " (element " + expectedIndex + " of a learned-updater block of " + net.numParams()
                + " parameters starting at flattened parameter 0, updater state floats 0.."), e.getMessage());
        assertTrue(e.getMessage().contains("onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP)"), e.getMessage());

        String located = e.locatedIn(net).getMessage();
        assertTrue(located.startsWith("layer 1 ('" + net.getLayer(1).conf().getLayer().getLayerName()
                + "'), parameter 'W' of shape [7, 7], element 5 in storage order: NaN gradient"), located);
    }

    /** The skipped step changes nothing, and the run continues exactly like one that never saw the bad batch. */
    @Test
    void skipStepCostsExactlyOneStep() {
        LearnedUpdater skipping = LEARNED.onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP);
        MultiLayerNetwork net = network(skipping);
        NaNInjector injector = new NaNInjector(POISONED_PARAMETER, POISONED_ELEMENT);
        net.setListeners(injector);
        net.fit(TinyModels.batch(0));
        net.fit(TinyModels.batch(1));
        float[] paramsBefore = net.params().toFloatVector();
        float[] stateBefore = net.getUpdater().getStateViewArray().toFloatVector();

        injector.armForNextStep();
        net.fit(TinyModels.batch(2));
        assertArrayEquals(paramsBefore, net.params().toFloatVector());
        assertArrayEquals(stateBefore, net.getUpdater().getStateViewArray().toFloatVector());

        net.fit(TinyModels.batch(3));
        net.fit(TinyModels.batch(4));
        assertFalse(java.util.Arrays.equals(paramsBefore, net.params().toFloatVector()), "later steps train");

        MultiLayerNetwork neverPoisoned = network(skipping);
        for (int batch : new int[]{0, 1, 3, 4}) {
            neverPoisoned.fit(TinyModels.batch(batch));
        }
        assertArrayEquals(neverPoisoned.params().toFloatVector(), net.params().toFloatVector());
        assertArrayEquals(neverPoisoned.getUpdater().getStateViewArray().toFloatVector(),
                net.getUpdater().getStateViewArray().toFloatVector());
    }

    /** All three layers use the learned updater, so they form one block and the layer must be found inside it. */
    private static MultiLayerNetwork network(LearnedUpdater updater) {
        MultiLayerConfiguration conf = TinyModels.multiLayer(updater, updater);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
