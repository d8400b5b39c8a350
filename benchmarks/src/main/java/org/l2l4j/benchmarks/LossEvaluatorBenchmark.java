package org.l2l4j.benchmarks;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.data.MnistSplit;
import org.l2l4j.problem.Batch;
import org.l2l4j.problem.LossEvaluator;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.Tasks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One loss-and-gradient call of a DL4J network optimizee, as every optimizee step of meta-training, of a race and of
 * tuned Adam's runs makes it: θ and a minibatch into the network, DL4J's forward and backward pass, the gradient
 * out. On the paper's MLP (784-20-10 sigmoid, batch 128) and on LeNet-5 (batch 64), on one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:ActiveProcessorCount=1", "--add-modules", "jdk.incubator.vector",
        // DL4J's layers on oneDNN, as ./l2l4j runs them (OneDnnLayers)
        "-Djavacpp.platform.extension=-onednn", "-Dorg.eclipse.deeplearning4j.helpers.disable=false"})
public class LossEvaluatorBenchmark {

    @Param({"mlp-20-sigmoid", "lenet"})
    public String task;

    private LossEvaluator evaluator;
    private float[] theta;
    private float[] gradient;
    private Batch batch;

    @Setup
    public void setUp() {
        MnistSplit train = MnistDataset.standard().load(true);
        Problem problem = Tasks.named(task).problem(train, train);
        evaluator = problem.evaluator();
        theta = problem.initialParameters(1);
        gradient = new float[theta.length];
        batch = problem.batches(1).next();
    }

    @Benchmark
    public double lossAndGradient() {
        return evaluator.lossAndGradient(theta, batch, gradient);
    }
}
