package org.l2l4j.optimizer;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StepKernelAllocationTest {

    /** One tile runs on the calling thread, whose allocations the JVM counts exactly. */
    @Test
    void aWarmStepAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StepKernel kernel = new StepKernel(LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1), StepKernel.Output.STEP_TO_ADD);
        int n = TileLayout.TILE;
        FloatBuffer values = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer states = ByteBuffer.allocateDirect(4 * n * kernel.stateSize()).order(ByteOrder.nativeOrder()).asFloatBuffer();
        // Warm until the JIT has compiled the step: interpreted and C1-compiled Vector API code keeps its vectors on
        // the heap, and on a loaded machine the optimising compiler may take a while to get to it.
        FloatSegments valueFloats = new FloatSegments(values);
        FloatSegments stateFloats = new FloatSegments(states);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long allocated;
        do {
            for (int warmUp = 0; warmUp < 2000; warmUp++) {
                values.put(0, 1e-3f * warmUp);
                kernel.step(valueFloats, stateFloats, warmUp);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                kernel.step(valueFloats, stateFloats, i);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        } while (allocated != 0 && System.nanoTime() < deadline);
        assertEquals(0, allocated, "bytes allocated by 100 warm steps");
    }
}
