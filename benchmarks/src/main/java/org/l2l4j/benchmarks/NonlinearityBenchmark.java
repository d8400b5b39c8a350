package org.l2l4j.benchmarks;

import org.l2l4j.optimizer.FastTanh;
import org.l2l4j.optimizer.OptimizerShape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The learned step's nonlinearities at the rate this machine runs them: the kernel's tanh and sigmoid
 * ({@link FastTanh}, a rational function with one division) over a row of {@link #ELEMENTS} floats that stays in
 * the L1 cache, on both cores at once, as the step's two chunks run. The JIT vectorises these loops (16 lanes), so
 * the score is the nonlinearities' own cost with no memory traffic beyond L1. A step evaluates
 * {@link #sigmoidsPerCoordinate} sigmoids and {@link #tanhsPerCoordinate} tanhs per coordinate; with the score per
 * element that is the nonlinearity floor, which the matrix products' FMA-peak floor does not count.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1)
@Threads(2)
public class NonlinearityBenchmark {

    /** Elements per call: 4 KB of input and 4 KB of output, well inside L1. */
    public static final int ELEMENTS = 1024;

    private final float[] in = new float[ELEMENTS];
    private final float[] out = new float[ELEMENTS];

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < ELEMENTS; i++) {
            in[i] = (i - ELEMENTS / 2) * (8f / ELEMENTS);
        }
    }

    @Benchmark
    public float[] tanh() {
        for (int i = 0; i < ELEMENTS; i++) {
            out[i] = FastTanh.tanh(in[i]);
        }
        return out;
    }

    @Benchmark
    public float[] sigmoid() {
        for (int i = 0; i < ELEMENTS; i++) {
            out[i] = FastTanh.sigmoid(in[i]);
        }
        return out;
    }

    /** The input, forget and output gates of both LSTM layers. */
    static int sigmoidsPerCoordinate(OptimizerShape shape) {
        return 2 * 3 * shape.hiddenSize();
    }

    /** The candidate gate and tanh(c) of both layers, and the nominal direction's two tanh of the outputs. */
    static int tanhsPerCoordinate(OptimizerShape shape) {
        return 2 * 2 * shape.hiddenSize() + (shape.nominal() == null ? 0 : 2);
    }
}
