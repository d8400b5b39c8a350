package org.l2l4j.meta;

import org.junit.jupiter.api.Test;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FastUnroll#bytesFor}, which memory estimates read, against the bytes a {@code FastUnroll} actually
 * allocates, as the JVM counts them for the allocating thread.
 */
class FastUnrollMemoryTest {

    private static final OptimizerShape SHAPE = OptimizerShape.PAPER_MNIST;
    private static final int UNROLL = 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void bytesForIsWhatTheConstructorAllocates() {
        assertTrue(THREADS.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
        allocatedBy(10_000); // loads and initialises the classes, which allocates once
        int small = 100_000;
        int large = 300_000;
        long allocatedSmall = allocatedBy(small);
        long allocatedLarge = allocatedBy(large);

        // The number of arrays does not depend on the coordinate count, so their headers cancel in the
        // difference, which is then the per-coordinate buffers alone (every row is a whole number of 8 bytes).
        assertEquals(FastUnroll.bytesFor(large, SHAPE, UNROLL) - FastUnroll.bytesFor(small, SHAPE, UNROLL),
                allocatedLarge - allocatedSmall, "bytes per coordinate × 200,000 coordinates");
        // The rest is the per-core tile workspaces, whose many small rows add array headers and the row groups'
        // reference arrays on top of bytesFor: about 5% of those buffers here, so 10% bounds them.
        long expected = FastUnroll.bytesFor(small, SHAPE, UNROLL);
        long workspaces = Runtime.getRuntime().availableProcessors() * TileWorkspace.bytesFor(SHAPE, UNROLL);
        assertTrue(allocatedSmall >= expected && allocatedSmall - expected <= workspaces / 10,
                "allocated " + allocatedSmall + " bytes, bytesFor says " + expected + " of which " + workspaces
                        + " for the tile workspaces");
    }

    /** The bytes this thread allocates to build a FastUnroll over {@code coordinates}. */
    private static long allocatedBy(int coordinates) {
        Problem problem = withPrebuiltEvaluator(new QuadraticProblem(coordinates / 10, 10));
        long before = THREADS.getCurrentThreadAllocatedBytes();
        FastUnroll unroll = new FastUnroll(problem, SHAPE, UNROLL);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(SHAPE.stateSize(), unroll.stateRows());
        return allocated;
    }

    /** The problem with its evaluator built beforehand, so building the FastUnroll allocates only its own buffers. */
    private static Problem withPrebuiltEvaluator(Problem problem) {
        LossEvaluator evaluator = problem.evaluator();
        return new ForwardingProblem(problem) {
            @Override
            public LossEvaluator evaluator() {
                return evaluator;
            }
        };
    }
}
