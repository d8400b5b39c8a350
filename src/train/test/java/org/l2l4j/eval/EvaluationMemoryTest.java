package org.l2l4j.eval;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.l2l4j.memory.InsufficientMemoryException;
import org.l2l4j.memory.MemoryEstimate;
import org.l2l4j.memory.MemoryLimits;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.updater.LearnedUpdater;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation memory estimate against DL4J's own updater state and against hand computation. */
class EvaluationMemoryTest {

    /** The paper's shape, whose 80 floats of state per parameter the hand computations below count. */
    private static final LearnedUpdater PAPER = LearnedUpdater.pretrained("paper-mnist");

    @Test
    void theOptimizerStateIsWhatDl4jAllocatesForTheLearnedUpdater() {
        LearnedUpdater learned = LearnedUpdater.pretrained();
        MultiLayerNetwork net = new MultiLayerNetwork(MnistMlp.PAPER.configuration(learned, 1));
        net.init();
        long dl4jStateBytes = net.getUpdater().getStateViewArray().length() * Float.BYTES;
        assertEquals(net.numParams(), MnistMlp.PAPER.parameterCount());

        MemoryEstimate estimate = EvaluationMemory.estimate(MnistMlp.PAPER.parameterCount(), learned,
                List.of(Baseline.values()), 100, 20);
        MemoryEstimate.Part state = estimate.parts().get(0);
        assertTrue(state.what().startsWith("optimizer state"), state.what());
        assertEquals(dl4jStateBytes, state.bytes());
    }

    @Test
    void theWholeEvaluationByHand() {
        long n = 15_910;
        // 20 seeds, 100 steps: the learned optimizer's and five baselines' curves are kept (6·20 runs of 100 doubles)
        assertEquals(5, Baseline.values().length, "SGD, NAG, RMSprop, Adam, Nadam");
        MemoryEstimate estimate = EvaluationMemory.estimate(n, PAPER, List.of(Baseline.values()), 100, 20);
        assertEquals(2 * n * 4 + 6L * 20 * 100 * 8, estimate.bytes(MemoryEstimate.Kind.HEAP));
        assertEquals(80 * n * 4 + n * 4, estimate.bytes(MemoryEstimate.Kind.OFF_HEAP));
        // with one seed, tuning on three seeds is the larger: one kept curve per baseline and the tuning run's three
        MemoryEstimate oneSeed = EvaluationMemory.estimate(n, PAPER, List.of(Baseline.ADAM), 100, 1);
        assertEquals(2 * n * 4 + (1 + 3) * 100 * 8, oneSeed.bytes(MemoryEstimate.Kind.HEAP));
    }

    @Test
    void aRunOverALimitIsRefusedNamingTheEstimateTheLimitAndTheLargestPart() {
        MemoryEstimate estimate = EvaluationMemory.estimate(1_000_000, PAPER, List.of(Baseline.values()), 100, 20);
        MemoryLimits offHeapOf100Mb = new MemoryLimits(1L << 40, 100_000_000, Long.MAX_VALUE, Long.MAX_VALUE);
        var refused = assertThrows(InsufficientMemoryException.class, () -> estimate.requireFits(offHeapOf100Mb));
        assertEquals(MemoryLimits.Limit.OFF_HEAP, refused.shortfall().limit());
        assertEquals(324_000_000, refused.shortfall().neededBytes()); // (80 + 1) floats of 4 bytes per parameter
        String message = refused.getMessage();
        assertTrue(message.contains("324.0 MB off-heap") && message.contains("100.0 MB")
                && message.contains("optimizer state (80 floats per parameter, 1,000,000 parameters)"), message);
        estimate.requireFits(new MemoryLimits(1L << 40, 400_000_000, Long.MAX_VALUE, Long.MAX_VALUE));
    }
}
