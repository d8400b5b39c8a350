package org.l2l4j.updater;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One batch with a NaN feature, in networks mixing an Adam layer, batch normalization and learned layers: the guard
 * either skips the whole step, so the run ends bit for bit like one that never saw the batch, or throws with
 * everything (Adam's moments and the batch-norm statistics included) as it was before the step.
 */
class NonFiniteStepGuardTest {

    private static final LearnedUpdater LEARNED = LearnedUpdater.randomInit(16);
    private static final int POISONED = 2;
    private static final int[] CLEAN_BATCHES = {0, 1, 3, 4};

    @Test
    void skipStepInAMultiLayerNetworkEndsBitIdenticalToARunThatNeverSawTheBatch() {
        MultiLayerNetwork guarded = MixedNetworks.multiLayer(LEARNED);
        NonFiniteStepGuard guard = NonFiniteStepGuard.install(guarded, NonFiniteGradientPolicy.SKIP_STEP);
        MultiLayerNetwork neverPoisoned = MixedNetworks.multiLayer(LEARNED);

        assertSkipCostsExactlyTheBatch(guarded, guarded::fit, neverPoisoned, neverPoisoned::fit);
        assertEquals(1, guard.skippedSteps());
        INDArray probe = TinyModels.batch(9).getFeatures();
        INDArray output = guarded.output(probe);
        assertTrue(isFinite(output), "inference after the skipped step uses finite batch-norm statistics");
        assertArrayEquals(neverPoisoned.output(probe).ravel().toFloatVector(), output.ravel().toFloatVector());
    }

    @Test
    void skipStepInAComputationGraphWhoseFirstLayerUsesAdamEndsBitIdenticalToARunThatNeverSawTheBatch() {
        ComputationGraph guarded = MixedNetworks.graph(LEARNED);
        NonFiniteStepGuard guard = NonFiniteStepGuard.install(guarded, NonFiniteGradientPolicy.SKIP_STEP);
        ComputationGraph neverPoisoned = MixedNetworks.graph(LEARNED);

        assertSkipCostsExactlyTheBatch(guarded, guarded::fit, neverPoisoned, neverPoisoned::fit);
        assertEquals(1, guard.skippedSteps());
        INDArray probe = TinyModels.batch(9).getFeatures();
        INDArray output = guarded.outputSingle(probe);
        assertTrue(isFinite(output));
        assertArrayEquals(neverPoisoned.outputSingle(probe).ravel().toFloatVector(), output.ravel().toFloatVector());
    }

    @Test
    void throwInAMultiLayerNetworkLeavesAdamMomentsBatchNormStatisticsAndTheIterationAsTheyWere() {
        MultiLayerNetwork guarded = MixedNetworks.multiLayer(LEARNED);
        NonFiniteStepGuard.install(guarded, NonFiniteGradientPolicy.THROW);
        MultiLayerNetwork neverPoisoned = MixedNetworks.multiLayer(LEARNED);

        NonFiniteGradientException e = assertThrowCostsNothing(guarded, guarded::fit, neverPoisoned, neverPoisoned::fit);
        assertTrue(e.locatedIn(guarded).getMessage().startsWith("layer 0 ("), e.locatedIn(guarded).getMessage());
    }

    @Test
    void throwInAComputationGraphLeavesAdamMomentsBatchNormStatisticsAndTheIterationAsTheyWere() {
        ComputationGraph guarded = MixedNetworks.graph(LEARNED);
        NonFiniteStepGuard.install(guarded, NonFiniteGradientPolicy.THROW);
        ComputationGraph neverPoisoned = MixedNetworks.graph(LEARNED);

        NonFiniteGradientException e = assertThrowCostsNothing(guarded, guarded::fit, neverPoisoned, neverPoisoned::fit);
        assertTrue(e.locatedIn(guarded).getMessage().startsWith("layer 'adam', parameter"), e.locatedIn(guarded).getMessage());
    }

    @Test
    void theGuardRunsBeforeListenersAddedEarlierAndRefusesASecondNetwork() {
        MultiLayerNetwork net = MixedNetworks.multiLayer(LEARNED);
        NaNInjector earlier = new NaNInjector("0_W", 0);
        net.setListeners(earlier);
        NonFiniteStepGuard guard = NonFiniteStepGuard.install(net, NonFiniteGradientPolicy.SKIP_STEP);
        assertEquals(java.util.List.of(guard, earlier), java.util.List.copyOf(net.getListeners()));

        net.fit(TinyModels.batch(0));
        MultiLayerNetwork other = MixedNetworks.multiLayer(LEARNED);
        other.setListeners(guard);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.fit(TinyModels.batch(0)));
        assertTrue(e.getMessage().contains("give each network"), e.getMessage());
    }

    /** An infinity in the last gradient value of an otherwise finite step is found, located and stops the step. */
    @Test
    void aSingleInfinityAtTheEndOfTheGradientIsFoundAndLocated() {
        for (float bad : new float[]{Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            MultiLayerNetwork net = MixedNetworks.multiLayer(LEARNED);
            long last = net.numParams() - 1;
            NonFiniteStepGuard guard = new NonFiniteStepGuard(NonFiniteGradientPolicy.THROW);
            // the injector must write before the guard reads, so here it goes first
            net.setListeners(new LastGradientValue(bad), guard);
            net.fit(TinyModels.batch(0));
            NetworkState before = NetworkState.of(net);

            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, () -> net.fit(TinyModels.batch(1)));
            before.assertEqualTo(NetworkState.of(net), "after the exception");
            assertEquals(last, e.parameterIndex());
            assertTrue(e.getMessage().startsWith(bad + " gradient at iteration 1 for flattened parameter " + last
                    + " (1 of the network's " + net.numParams() + " gradient values"), e.getMessage());
            assertTrue(e.locatedIn(net).getMessage().startsWith("layer 3 ("), e.locatedIn(net).getMessage());
        }
    }

    /** Arms itself after the first fit and then writes {@code value} into the last value of the flattened gradient. */
    private static final class LastGradientValue extends org.deeplearning4j.optimize.api.BaseTrainingListener {
        private final float value;
        private int calls;

        LastGradientValue(float value) {
            this.value = value;
        }

        @Override
        public void onGradientCalculation(Model model) {
            if (calls++ == 1) {
                INDArray gradient = model.getGradientsViewArray();
                gradient.putScalar(gradient.length() - 1, value);
            }
        }
    }

    /**
     * Fits the clean batches around the poisoned one into {@code guarded} and the clean batches alone into
     * {@code reference}: the poisoned step must change nothing and the two runs must end bit-identical.
     */
    private static <M extends Model> void assertSkipCostsExactlyTheBatch(M guarded, Consumer<DataSet> guardedFit,
                                                                         M reference, Consumer<DataSet> referenceFit) {
        guardedFit.accept(TinyModels.batch(0));
        guardedFit.accept(TinyModels.batch(1));
        NetworkState before = NetworkState.of(guarded);

        guardedFit.accept(MixedNetworks.batchWithNaNFeature(POISONED));
        before.assertEqualTo(NetworkState.of(guarded), "right after the skipped step");

        guardedFit.accept(TinyModels.batch(3));
        guardedFit.accept(TinyModels.batch(4));
        for (int batch : CLEAN_BATCHES) {
            referenceFit.accept(TinyModels.batch(batch));
        }
        NetworkState end = NetworkState.of(guarded);
        assertFalse(java.util.Arrays.equals(before.params(), end.params()), "the later steps trained");
        NetworkState.of(reference).assertEqualTo(end, "at the end of the run");
    }

    private static <M extends Model> NonFiniteGradientException assertThrowCostsNothing(
            M guarded, Consumer<DataSet> guardedFit, M reference, Consumer<DataSet> referenceFit) {
        guardedFit.accept(TinyModels.batch(0));
        guardedFit.accept(TinyModels.batch(1));
        NetworkState before = NetworkState.of(guarded);

        NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class,
                () -> guardedFit.accept(MixedNetworks.batchWithNaNFeature(POISONED)));
        before.assertEqualTo(NetworkState.of(guarded), "after the exception");
        assertEquals(2, e.iteration());
        assertEquals(0, e.parameterIndex(), "the Adam layer's first weight comes first in the flattened gradient");
        String message = e.getMessage();
        assertTrue(message.startsWith("NaN gradient at iteration 2 for flattened parameter 0 ("), message);
        assertTrue(message.contains("NonFiniteStepGuard checked all of them after backpropagation, before any updater"
                + " ran"), message);
        assertTrue(message.contains("left unchanged: every parameter (batch-normalization statistics included), the"
                + " whole updater state (" + before.updaterState().length + " values, every layer's updater) and the"
                + " iteration count"), message);

        // nothing changed, so training on continues exactly like a run that never saw the batch
        guardedFit.accept(TinyModels.batch(3));
        guardedFit.accept(TinyModels.batch(4));
        for (int batch : CLEAN_BATCHES) {
            referenceFit.accept(TinyModels.batch(batch));
        }
        NetworkState.of(reference).assertEqualTo(NetworkState.of(guarded), "at the end of the run");
        return e;
    }

    private static boolean isFinite(INDArray array) {
        for (float v : array.ravel().toFloatVector()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
