package org.l2l4j.benchmarks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.data.MnistDataset;
import org.l2l4j.data.MnistSplit;
import org.l2l4j.meta.FastUnroll;
import org.l2l4j.meta.RunState;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.Batch;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.NetworkProblem;
import org.l2l4j.problem.Tasks;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
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
 * Meta-training on the {@code lenet} task (LeNet-5, 431,080 parameters, batch 64): what one optimizee step of
 * meta-training costs against what the same step costs in ordinary training, DL4J's forward and backward pass of
 * the network plus the learned updater's step. One truncation unrolls 20 steps with its meta-gradient; the time per
 * optimizee step is its time divided by 20.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector",
        // DL4J's layers on oneDNN, as ./l2l4j runs them (OneDnnLayers)
        "-Djavacpp.platform.extension=-onednn", "-Dorg.eclipse.deeplearning4j.helpers.disable=false"})
public class LargeMetaTrainingBenchmark {

    static final int UNROLL = 20;
    static final String TASK = "lenet";

    private NetworkProblem problem;
    private FastUnroll engine;
    private LearnedOptimizer phi;
    private RunState run;
    private long seed;
    private MultiLayerNetwork net;
    private INDArray gradient;
    private GradientUpdater<?> learned;

    @Setup(Level.Trial)
    public void setUp() {
        MnistSplit train = MnistDataset.standard().load(true);
        problem = (NetworkProblem) Tasks.named(TASK).problem(train, train);
        engine = new FastUnroll(problem, OptimizerShape.PAPER_MNIST, UNROLL);
        phi = LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1);

        // the problem's own network, on one of its minibatches
        net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(problem.model().json()));
        net.init();
        Batch batch = problem.batches(1).next();
        float[] x = batch.get("x");
        float[] y = batch.get("labels");
        int batchSize = y.length / MnistMlp.CLASSES;
        net.setInput(Nd4j.create(x, problem.model().layout().shape(batchSize, train.side()), 'c'));
        net.setLabels(Nd4j.create(y, new long[]{batchSize, MnistMlp.CLASSES}, 'c'));

        int parameters = problem.parameterCount();
        Nd4j.getRandom().setSeed(1);
        gradient = Nd4j.randn(DataType.FLOAT, 1, parameters).muli(1e-3);
        IUpdater config = LearnedUpdater.randomInit(1);
        learned = config.instantiate(Nd4j.zeros(DataType.FLOAT, 1, config.stateSize(parameters)), true);
    }

    /** Every measurement iteration meta-trains on a fresh optimizee run, as epochs do. */
    @Setup(Level.Iteration)
    public void freshRun() {
        run = new RunState(problem, engine.stateRows(), seed++);
    }

    /** One truncation of meta-training: 20 optimizee steps forward, then the meta-gradient by BPTT. */
    @Benchmark
    public double metaTrainingTruncation() {
        return engine.unroll(phi, run, true).metaLoss();
    }

    /** DL4J's forward and backward pass of the network on one minibatch. */
    @Benchmark
    public double networkForwardBackward() {
        net.computeGradientAndScore();
        return net.score();
    }

    /** The learned updater's step over the network's parameters, through DL4J's GradientUpdater. */
    @Benchmark
    public INDArray learnedUpdaterStep() {
        learned.applyUpdater(gradient, 0, 0);
        return gradient;
    }
}
