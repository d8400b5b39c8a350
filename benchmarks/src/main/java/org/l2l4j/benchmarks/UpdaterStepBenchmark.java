package org.l2l4j.benchmarks;

import org.l2l4j.optimizer.FloatSegments;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.optimizer.StepKernel;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
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
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One updater step over N parameters: the general optimizer's shape ({@link #GENERAL}), the paper's shape (of
 * {@code paper-mnist}), Adam and SGD through DL4J's GradientUpdater; the general shape's kernel alone with its vectorised and with its
 * scalar loops; and its arithmetic floor as preallocated {@code Nd4j.gemm} calls (the FMA-peak floor is
 * {@link FmaPeakBenchmark}). 15,910 is the paper's MNIST MLP (784-20-10).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class UpdaterStepBenchmark {

    /** The general optimizer's shape ({@code LearnedUpdater.pretrained("general")}), measured as "learned". */
    static final OptimizerShape GENERAL = OptimizerShape.GENERAL;

    @Param({"15910", "1000000"})
    public int parameters;

    private INDArray gradient;
    private GradientUpdater<?> learned;
    private GradientUpdater<?> paper;
    private GradientUpdater<?> adam;
    private GradientUpdater<?> sgd;
    private GemmFloor floor;
    private StepKernel vectorKernel;
    private StepKernel scalarKernel;
    private FloatBuffer kernelValues;
    private FloatBuffer kernelStates;
    private FloatSegments kernelValueFloats;
    private FloatSegments kernelStateFloats;

    @Setup(Level.Trial)
    public void setUp() {
        Nd4j.getRandom().setSeed(1);
        gradient = Nd4j.randn(DataType.FLOAT, 1, parameters).muli(1e-3);
        learned = instantiate(new LearnedUpdater(LearnedOptimizer.randomInit(GENERAL, 1)));
        paper = instantiate(new LearnedUpdater(LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1)));
        adam = instantiate(new Adam(1e-3));
        sgd = instantiate(new Sgd(1e-2));
        floor = new GemmFloor(GENERAL, parameters);
        LearnedOptimizer phi = LearnedOptimizer.randomInit(GENERAL, 1);
        vectorKernel = new StepKernel(phi, StepKernel.Output.UPDATE_TO_SUBTRACT, true);
        scalarKernel = new StepKernel(phi, StepKernel.Output.UPDATE_TO_SUBTRACT, false);
        kernelValues = ByteBuffer.allocateDirect(4 * parameters).order(ByteOrder.nativeOrder()).asFloatBuffer();
        kernelValues.put(gradient.toFloatVector()).rewind();
        kernelStates = ByteBuffer.allocateDirect(4 * parameters * vectorKernel.stateSize())
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        kernelValueFloats = new FloatSegments(kernelValues);
        kernelStateFloats = new FloatSegments(kernelStates);
    }

    private GradientUpdater<?> instantiate(IUpdater config) {
        long stateSize = config.stateSize(parameters);
        INDArray state = stateSize == 0 ? null : Nd4j.zeros(DataType.FLOAT, 1, stateSize);
        return config.instantiate(state, true);
    }

    @Benchmark
    public INDArray learnedStep() {
        learned.applyUpdater(gradient, 0, 0);
        return gradient;
    }

    @Benchmark
    public INDArray paperStep() {
        paper.applyUpdater(gradient, 0, 0);
        return gradient;
    }

    @Benchmark
    public FloatBuffer kernelStepVectorised() {
        vectorKernel.step(kernelValueFloats, kernelStateFloats, 0);
        return kernelValues;
    }

    @Benchmark
    public FloatBuffer kernelStepScalar() {
        scalarKernel.step(kernelValueFloats, kernelStateFloats, 0);
        return kernelValues;
    }

    @Benchmark
    public INDArray adamStep() {
        adam.applyUpdater(gradient, 0, 0);
        return gradient;
    }

    @Benchmark
    public INDArray sgdStep() {
        sgd.applyUpdater(gradient, 0, 0);
        return gradient;
    }

    @Benchmark
    public INDArray gemmFloor() {
        return floor.run();
    }
}
