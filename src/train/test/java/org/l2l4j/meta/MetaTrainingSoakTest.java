package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.data.MnistDataset;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Problem;
import org.l2l4j.testing.MemoryFootprint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * 200 meta-training unrolls on the MNIST MLP keep heap and native memory flat. Training runs in five stretches
 * of 40 unrolls, each resumed from the previous one's checkpoint, with memory measured between them; the first
 * stretch is the warm-up.
 *
 * <p>The suite unrolls 5 optimizee steps at a time; the full-length soak, 20 steps as in the paper, runs with
 * {@code mvn -o test -Dtest=MetaTrainingSoakTest -Dl2l4j.soak.unrollSteps=20}.
 */
class MetaTrainingSoakTest {

    private static final int UNROLLS = 200;
    private static final int STRETCHES = 5;
    private static final int TRUNCATIONS_PER_EPOCH = 4;
    private static final int UNROLL_STEPS = Integer.getInteger("l2l4j.soak.unrollSteps", 5);
    /**
     * Room for malloc's arenas (about 4 MB measured), yet a leak of 100 KB per unroll, a quarter of one
     * minibatch, would add 16 MB over the 160 unrolls measured.
     */
    private static final long RESIDENT_BOUND = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void twoHundredUnrollsOnTheMnistMlpKeepMemoryFlat() throws IOException {
        Problem mnist = new MlpProblem(MnistMlp.PAPER, MnistDataset.standard().load(true), 128);
        LearnedOptimizer initial = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 5);
        int epochsPerStretch = UNROLLS / TRUNCATIONS_PER_EPOCH / STRETCHES;

        MemoryFootprint baseline = null;
        List<MemoryFootprint> samples = new ArrayList<>();
        for (int stretch = 1; stretch <= STRETCHES; stretch++) {
            MetaTrainingConfig config = new MetaTrainingConfig(TRUNCATIONS_PER_EPOCH * UNROLL_STEPS, UNROLL_STEPS,
                    stretch * epochsPerStretch, 1, 0.01, 5, epochsPerStretch, 1, DivergencePolicy.STOP);
            new MetaTrainer(List.of(mnist), initial, config, dir, MetaTrainingListener.NONE).train(stretch > 1);
            if (baseline == null) {
                baseline = MemoryFootprint.measure();
            } else {
                samples.add(MemoryFootprint.measure());
            }
        }
        MemoryFootprint.assertFlat(UNROLLS + " meta-training unrolls of " + UNROLL_STEPS + " steps on the MNIST MLP",
                baseline, samples, RESIDENT_BOUND);
    }
}
