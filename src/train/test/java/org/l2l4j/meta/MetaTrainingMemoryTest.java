package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2l4j.memory.InsufficientMemoryException;
import org.l2l4j.memory.MemoryEstimate;
import org.l2l4j.optimizer.GradientPreprocessing;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meta-training memory estimate against the bytes FastUnroll really allocates and against hand computation. */
class MetaTrainingMemoryTest {

    /**
     * Array headers and the arrays of row references: kilobytes over megabytes of floats. Small enough that one float
     * per coordinate too few or too many (1/213 of the first case) fails.
     */
    private static final double HEADER_ALLOWANCE = 0.002;

    @TempDir
    Path dir;

    @Test
    void fastUnrollAllocatesWhatTheEstimateSays() {
        // 50,000 coordinates; two shapes and unrolls, so that both the per-step and the fixed part are exercised
        Problem problem = new QuadraticProblem(5_000, 10);
        assertAllocationMatches(problem, new OptimizerShape(4, GradientPreprocessing.identity(), 1f), 3);
        assertAllocationMatches(problem, OptimizerShape.PAPER_MNIST, 2);
    }

    private static void assertAllocationMatches(Problem problem, OptimizerShape shape, int unroll) {
        problem.evaluator(); // the first call also makes the evaluator's lambda class: not part of either measurement
        long evaluatorOnly = allocatedBy(problem::evaluator);
        long engine = allocatedBy(() -> new FastUnroll(problem, shape, unroll)) - evaluatorOnly;
        long estimated = FastUnroll.floatsPerCoordinate(shape, unroll) * problem.parameterCount() * Float.BYTES;
        String report = "FastUnroll(" + shape + ", unroll " + unroll + ") allocated " + engine + " bytes, estimated "
                + estimated;
        System.out.println(report);
        assertTrue(engine >= estimated, report);
        assertTrue(engine <= estimated * (1 + HEADER_ALLOWANCE), report);
    }

    /** Bytes this thread allocates while running {@code allocation} (HotSpot counts them per thread). */
    private static long allocatedBy(Runnable allocation) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        allocation.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void thePaperSettingByHand() {
        // per step: the state before it (4·20), log-sign features (2), the gates of two layers (2·80), the gradient
        // and the activity mask (1 each) = 244; once: the final state (80), the last gradient, the step, the suffix
        // and the step's dL/dg (4), six rows of 20 for the backward pass and dz (80) = 284
        assertEquals(244 * 20 + 284, FastUnroll.floatsPerCoordinate(OptimizerShape.PAPER_MNIST, 20));
        long parameters = 15_910; // 784·20 + 20 + 20·10 + 10
        MemoryEstimate estimate = MetaTrainingMemory.estimate(List.of(parameters), OptimizerShape.PAPER_MNIST, 20, 2);
        // the buffers, plus θ and 80 floats of LSTM state for each of 2 training runs and 1 validation run
        assertEquals(5164L * parameters * 4 + 3L * 81 * parameters * 4, estimate.bytes(MemoryEstimate.Kind.HEAP));
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
