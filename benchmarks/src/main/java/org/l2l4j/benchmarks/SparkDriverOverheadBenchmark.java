package org.l2l4j.benchmarks;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.l2l4j.meta.RunGradient;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.spark.SparkContexts;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What one meta-update costs the driver on Spark apart from the runs themselves: a job of
 * {@link SparkMetaUpdateBenchmark#RUNS} tasks, each carrying φ out (as the real tasks do) and bringing back a
 * meta-loss and a φ-gradient of φ's size, with no optimizee computation in between. With {@code run-state-too}
 * each task also carries an MNIST run's θ and LSTM state (81 rows of 15,910 floats) out and back: the design
 * docs/spark.md compares with, and rejects for, keeping that state on the executors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules", "jdk.incubator.vector", "-XX:+IgnoreUnrecognizedVMOptions",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false"})
public class SparkDriverOverheadBenchmark {

    @Param({"local[1]", "local[2]"})
    public String master;

    @Param({"phi-and-gradient", "run-state-too"})
    public String traffic;

    private JavaSparkContext spark;
    private LearnedOptimizer phi;
    private List<Payload> runs;

    @Setup(Level.Trial)
    public void setUp() {
        spark = SparkContexts.start(SparkContexts.configuration(master, Map.of("spark.ui.enabled", "false")));
        phi = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1);
        int coordinates = 15_910; // the paper's MNIST MLP
        int stateRows = 1 + OptimizerShape.PAPER_MNIST.stateSize(); // θ and the LSTM state
        runs = IntStream.range(0, SparkMetaUpdateBenchmark.RUNS).mapToObj(r -> new Payload(r,
                traffic.equals("run-state-too") ? new float[stateRows][coordinates] : null)).toList();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        spark.stop();
    }

    @Benchmark
    public List<Payload> sendPhiAndCollectGradients() {
        return spark.parallelize(runs, runs.size()).map(new EmptyTruncation(phi.toBytes())).collect();
    }

    /** A run as a task sees it: its index, and its state when the state travels with it. */
    public record Payload(int run, float[][] state, RunGradient gradient) implements java.io.Serializable {
        Payload(int run, float[][] state) {
            this(run, state, null);
        }
    }

    /** A task shaped like a truncation: φ (and the state, if any) in, a gradient of φ's size out, nothing computed. */
    private static final class EmptyTruncation implements Function<Payload, Payload> {
        private final byte[] phi;

        EmptyTruncation(byte[] phi) {
            this.phi = phi;
        }

        @Override
        public Payload call(Payload run) {
            LearnedOptimizer optimizer = LearnedOptimizer.fromBytes(phi, "the benchmark's φ");
            return new Payload(run.run(), run.state(),
                    new RunGradient(run.run(), new double[optimizer.shape().parameterCount()]));
        }
    }
}
