package org.l2l4j.benchmarks;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.meta.FastUnroll;
import org.l2l4j.meta.RunState;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Meta-training on the paper's MNIST setting (MLP 784-20-10 sigmoid, batch 128, 15,910 coordinates): one
 * epoch is one optimizee run of 100 steps in 5 truncations of 20, each with its meta-gradient. The floor is
 * the matrix products of one optimizer step forward and backward, as preallocated {@code Nd4j.gemm} calls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MetaTrainingBenchmark {

    private static final int STEPS = 100;
    private static final int UNROLL = 20;

    private MlpProblem problem;
    private FastUnroll engine;
    private LearnedOptimizer phi;
    private GemmFloor floor;
    private long seed;

    @Setup(Level.Trial)
    public void setUp() {
        problem = new MlpProblem(MnistMlp.PAPER, MnistDataset.standard().load(true), 128);
        engine = new FastUnroll(problem, OptimizerShape.PAPER_MNIST, UNROLL);
        phi = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1);
        floor = new GemmFloor(OptimizerShape.PAPER_MNIST, problem.parameterCount());
    }

    @Benchmark
    public double metaTrainingEpoch() {
        RunState run = new RunState(problem, engine.stateRows(), seed++);
        double loss = 0;
        for (int k = 0; k < STEPS / UNROLL; k++) {
            loss += engine.unroll(phi, run, true).metaLoss();
        }
        return loss;
    }

    /** The floor of one optimizee step of meta-training: the optimizer's products forward and backward. */
    @Benchmark
    public Object optimizerStepFloor() {
        floor.run();
        return floor.runBackward();
    }
}
