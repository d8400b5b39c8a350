package org.l2l4j.benchmarks;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The machine's FP32 arithmetic peak as Java reaches it: twelve independent chains of vector fused multiply-adds
 * held in registers (more chains than the FMA latency times the issue width, so no chain waits on its own result),
 * on one thread and on two. It is the floor against which the learned step's arithmetic is measured:
 * {@link #FLOPS_PER_OP} floating-point operations per call, so GFLOP/s = FLOPS_PER_OP / (time per call in ns)
 * per thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBenchmark {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int ITERATIONS = 100_000;
    private static final int CHAINS = 12;
    /** Two operations (a multiply and an add) per lane per fused multiply-add. */
    public static final double FLOPS_PER_OP = 2.0 * SPECIES.length() * CHAINS * ITERATIONS;

    /** Kept in a field so the JIT cannot fold the chains into constants. */
    public float multiplier = 0.999f;
    public float addend = 1e-3f;

    @Benchmark
    @Threads(1)
    public float oneThread() {
        return chains();
    }

    @Benchmark
    @Threads(2)
    public float twoThreads() {
        return chains();
    }

    private float chains() {
        FloatVector m = FloatVector.broadcast(SPECIES, multiplier);
        FloatVector c = FloatVector.broadcast(SPECIES, addend);
        FloatVector a0 = c, a1 = c.add(1f), a2 = c.add(2f), a3 = c.add(3f), a4 = c.add(4f), a5 = c.add(5f);
        FloatVector a6 = c.add(6f), a7 = c.add(7f), a8 = c.add(8f), a9 = c.add(9f), a10 = c.add(10f), a11 = c.add(11f);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
