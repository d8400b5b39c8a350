package org.l2l4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The learned step's memory floor: the time to read and write, once each, every float the general optimizer's
 * step must touch at N parameters (its per-parameter state, {@link UpdaterStepBenchmark#GENERAL}'s
 * {@code stateSize()} floats, plus the gradient that becomes the update), with no arithmetic beyond one multiply
 * per float. Two threads each stream their half, as the step's two chunks do. At 1,000,000 parameters the arrays
 * are far larger than the caches, so this is the machine's memory bandwidth for the step's traffic; the step
 * cannot run faster than this however its arithmetic is arranged.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
@Threads(2)
public class MemoryTrafficBenchmark {

    @Param({"1000000"})
    public int parameters;

    /** Kept in a field so the JIT cannot fold the pass away; 1 leaves the values unchanged. */
    public float factor = 1f;

    private float[] floats;

    @Setup(Level.Trial)
    public void setUp() {
        int floatsPerParameter = UpdaterStepBenchmark.GENERAL.stateSize() + 1;
        floats = new float[parameters / 2 * floatsPerParameter];
        Arrays.fill(floats, 0.5f);
    }

    /** One thread's half of the step's traffic, read and written in place. */
    @Benchmark
    public float[] readAndWriteState() {
        float f = factor;
        float[] a = floats;
        for (int i = 0; i < a.length; i++) {
            a[i] *= f;
        }
        return a;
    }
}
