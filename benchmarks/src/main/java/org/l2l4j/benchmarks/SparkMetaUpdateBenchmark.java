package org.l2l4j.benchmarks;

import org.apache.spark.api.java.JavaSparkContext;
import org.l2l4j.meta.Engine;
import org.l2l4j.meta.FastUnroll;
import org.l2l4j.meta.LocalRunExecutor;
import org.l2l4j.meta.RunExecutor;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Problem;
import org.l2l4j.spark.MnistMlpRecipe;
import org.l2l4j.spark.ProblemRecipe;
import org.l2l4j.spark.QuadraticRecipe;
import org.l2l4j.spark.SparkContexts;
import org.l2l4j.spark.SparkRunExecutor;
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

/**
 * Meta-updates per second with the optimizee runs in this JVM ({@code in-jvm}) and on Spark's embedded master
 * with 1 and 2 executor threads: one meta-update is one truncation of 20 steps of {@link #RUNS} runs with their
 * φ-gradients (an epoch of 100 steps is 5 of them; a new epoch starts fresh runs). docs/spark.md turns these
 * and {@link SparkDriverOverheadBenchmark} into an expected speed-up on N machines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector", "-XX:+IgnoreUnrecognizedVMOptions",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
        "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
        "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
        "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false"})
public class SparkMetaUpdateBenchmark {

    static final int RUNS = 4;
    static final int UNROLL = 20;
    static final int TRUNCATIONS_PER_EPOCH = 5;

    /** The problem (mnist: the paper's 784-20-10 MLP; quadratic: 128 functions of 10) and where its runs run. */
    @Param({"mnist in-jvm", "mnist local[1]", "mnist local[2]", "quadratic in-jvm", "quadratic local[1]",
            "quadratic local[2]"})
    public String setting;

    private JavaSparkContext spark;
    private RunExecutor runs;
    private LearnedOptimizer phi;
    private int truncationsLeft;
    private long nextSeed;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = setting.split(" ");
        boolean mnist = parts[0].equals("mnist");
        ProblemRecipe recipe = mnist ? new MnistMlpRecipe(MnistMlp.PAPER, null, 128) : new QuadraticRecipe(128, 10);
        OptimizerShape shape = mnist ? OptimizerShape.PAPER_MNIST : OptimizerShape.PAPER_QUADRATIC;
        phi = LearnedOptimizer.randomInit(shape, 1);
        if (parts[1].equals("in-jvm")) {
            Problem problem = recipe.create();
            runs = new LocalRunExecutor(List.of(problem), List.of(new FastUnroll(problem, shape, UNROLL)));
        } else {
            spark = SparkContexts.start(SparkContexts.configuration(parts[1], Map.of("spark.ui.enabled", "false")));
            runs = new SparkRunExecutor(spark, List.of(recipe), Engine.FAST, UNROLL);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runs.close();
        if (spark != null) {
            spark.stop();
        }
    }

    @Benchmark
    public Object metaUpdate() {
        if (truncationsLeft == 0) {
            long[] seeds = new long[RUNS];
            for (int r = 0; r < RUNS; r++) {
                seeds[r] = nextSeed++;
            }
            runs.startRuns(0, seeds);
            truncationsLeft = TRUNCATIONS_PER_EPOCH;
        }
        truncationsLeft--;
        return runs.truncation(phi);
    }
}
