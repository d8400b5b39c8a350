package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.memory.InsufficientMemoryException;
import org.l2l4j.memory.MemoryEstimate;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meta-training memory estimate against hand computation; FastUnrollMemoryTest measures FastUnroll.bytesFor. */
class MetaTrainingMemoryTest {

    @TempDir
    Path dir;

    @Test
    void thePaperSettingByHand() {
        long parameters = 15_910; // 784·20 + 20 + 20·10 + 10
        MemoryEstimate estimate = MetaTrainingMemory.estimate(List.of(parameters), OptimizerShape.PAPER_MNIST, 20, 2);
        // FastUnroll keeps 21 gradients and 80 floats of start state per coordinate plus its tile workspaces
        // (FastUnrollMemoryTest measures those); each of 2 training runs and 1 validation run holds θ and 80 floats
        long workspaces = FastUnroll.bytesFor(0, OptimizerShape.PAPER_MNIST, 20);
        assertEquals((20 + 1 + 80) * parameters * 4 + workspaces + 3L * 81 * parameters * 4,
                estimate.bytes(MemoryEstimate.Kind.HEAP));
        assertEquals(FastUnroll.bytesFor(15_910, OptimizerShape.PAPER_MNIST, 20), estimate.parts().get(0).bytes());
        assertEquals(0, estimate.bytes(MemoryEstimate.Kind.OFF_HEAP));
    }

    @Test
    void aMixtureNeedsAnEngineForEveryProblem() {
        MemoryEstimate one = MetaTrainingMemory.estimate(List.of(1000L), OptimizerShape.PAPER_MNIST, 20, 1);
        MemoryEstimate two = MetaTrainingMemory.estimate(List.of(1000L, 1000L), OptimizerShape.PAPER_MNIST, 20, 1);
        assertEquals(one.parts().get(0).bytes() * 2, two.parts().get(0).bytes());
        assertEquals(one.parts().get(1).bytes(), two.parts().get(1).bytes(), "runs hold one problem at a time");
    }

    @Test
    void aProblemThatCannotFitIsRefusedBeforeAnyAllocationOrFile() {
        Problem huge = new ForwardingProblem(QuadraticProblem.PAPER) {
            @Override
            public int parameterCount() {
                return Integer.MAX_VALUE - 8;
            }
        };
        MetaTrainingConfig config = new MetaTrainingConfig(20, 20, 1, 1, 0.01, 1, 1, 1, DivergencePolicy.STOP);
        var refused = assertThrows(InsufficientMemoryException.class, () -> new MetaTrainer(List.of(huge),
                LearnedOptimizer.randomInit(OptimizerShape.PAPER_QUADRATIC, 1), config, dir, MetaTrainingListener.NONE)
                .train(false));
        assertTrue(refused.getMessage().contains("meta-training buffers"), refused.getMessage());
        assertFalse(Files.exists(dir.resolve(Checkpoint.FILE_NAME)));
    }

    @Test
    void sizesTooLargeForALongSaturateInsteadOfWrapping() {
        MemoryEstimate estimate = MetaTrainingMemory.estimate(List.of(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2),
                OptimizerShape.PAPER_MNIST, Integer.MAX_VALUE, Integer.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, estimate.bytes(MemoryEstimate.Kind.HEAP));
    }
}
