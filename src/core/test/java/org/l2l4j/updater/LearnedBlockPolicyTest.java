package org.l2l4j.updater;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without {@link NonFiniteStepGuard}, the learned updater's own policy covers its own blocks only. In a network
 * whose first layer uses Adam, DL4J runs Adam's block before the learned block finds the NaN; the message must say
 * what was checked and claim unchanged only what is.
 */
class LearnedBlockPolicyTest {

    private static final Pattern STATE_RANGE = Pattern.compile("updater state floats (\\d+)\\.\\.(\\d+)\\)");

    @Test
    void throwsMessageClaimsOnlyWhatHoldsInANetworkWithAnAdamLayerFirst() {
        MultiLayerNetwork net = MixedNetworks.multiLayer(LearnedUpdater.randomInit(16));
        net.fit(TinyModels.batch(0));
        float[] paramsBefore = net.params().toFloatVector();
        float[] stateBefore = net.getUpdater().getStateViewArray().toFloatVector();

        NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class,
                () -> net.fit(MixedNetworks.batchWithNaNFeature(1)));
        String message = e.getMessage();
        float[] stateAfter = net.getUpdater().getStateViewArray().toFloatVector();

        assertTrue(message.contains("checked: this block's gradient only. Left unchanged: this block's LSTM state and,"
                + " in a MultiLayerNetwork or ComputationGraph, every parameter"), message);
        assertTrue(message.contains("updater blocks that ran before this one in the step (another layer's Adam"
                + " moments, an earlier learned block) may already have advanced their state"), message);
        assertTrue(message.contains("install NonFiniteStepGuard"), message);
        // what it claims unchanged is unchanged ...
        assertArrayEquals(paramsBefore, net.params().toFloatVector(), "every parameter");
        Matcher range = STATE_RANGE.matcher(message);
        assertTrue(range.find(), message);
        int from = Integer.parseInt(range.group(1));
        int to = Integer.parseInt(range.group(2));
        assertArrayEquals(Arrays.copyOfRange(stateBefore, from, to), Arrays.copyOfRange(stateAfter, from, to),
                "this block's LSTM state");
        // ... and what it warns about did happen: the Adam block ran first and its moments took the NaN
        int adamStateFloats = 2 * (int) net.getLayer(0).numParams();
        assertTrue(from >= adamStateFloats, "the learned block's state comes after Adam's moments");
        assertFalse(Arrays.equals(Arrays.copyOfRange(stateBefore, 0, adamStateFloats),
                Arrays.copyOfRange(stateAfter, 0, adamStateFloats)), "Adam's moments advanced before the learned block threw");
    }

    @Test
    void skipStepKeepsTheLearnedBlocksButNotTheAdamLayerWithoutTheGuard() {
        MultiLayerNetwork net = MixedNetworks.multiLayer(
                LearnedUpdater.randomInit(16).onNonFiniteGradient(NonFiniteGradientPolicy.SKIP_STEP));
        net.fit(TinyModels.batch(0));
        long adamParams = net.getLayer(0).numParams();
        float[] before = net.params().toFloatVector();

        net.fit(MixedNetworks.batchWithNaNFeature(1));
        float[] after = net.params().toFloatVector();
        long learnedStart = adamParams + net.getLayer(1).numParams();
        // layers 2 and 3 are one learned block: covered by the policy
        assertArrayEquals(Arrays.copyOfRange(before, (int) learnedStart, before.length),
                Arrays.copyOfRange(after, (int) learnedStart, after.length));
        // the Adam layer is not: this is what NonFiniteStepGuard is for
        assertTrue(Float.isNaN(after[0]), "the Adam layer took the NaN step");
    }
}
