package org.l2l4j.benchmarks;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MlpActivation;
import org.l2l4j.updater.LearnedUpdater;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A full {@code MultiLayerNetwork.fit} step with the learned updater, of the general optimizer's shape
 * ({@code learned}) and of the paper's ({@code paper}, {@code paper-mnist}'s), against the same step with Adam, on the paper's MNIST MLP (784-20-10, sigmoid, batch
 * 128, 15,910 parameters), on a 784-1000-10 ReLU MLP (batch 128, 795,010 parameters) and on LeNet-5 as DL4J's
 * examples build it (batch 64, 431,080 parameters). Pixel values are random in [0, 1): the cost of a step does not
 * depend on which images it sees.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector",
        // DL4J's layers on oneDNN, as ./l2l4j runs them (OneDnnLayers)
        "-Djavacpp.platform.extension=-onednn", "-Dorg.eclipse.deeplearning4j.helpers.disable=false"})
public class FitStepBenchmark {

    /** Also {@code learned-hN}, the general shape with N LSTM units (for example {@code -p updater=learned-h12}). */
    @Param({"learned", "paper", "adam"})
    public String updater;

    @Param({"paper-mlp", "mlp-1000", "lenet"})
    public String network;

    private MultiLayerNetwork net;
    private DataSet batch;

    @Setup(Level.Trial)
    public void setUp() {
        IUpdater config = switch (updater) {
            case "learned" -> new LearnedUpdater(LearnedOptimizer.randomInit(UpdaterStepBenchmark.GENERAL, 1));
            case "paper" -> new LearnedUpdater(LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, 1));
            case "adam" -> new Adam(0.03);
            default -> {
                if (!updater.matches("learned-h\\d+")) {
                    throw new IllegalArgumentException("unknown updater " + updater + ": learned, learned-hN, paper"
                            + " or adam");
                }
                int units = Integer.parseInt(updater.substring("learned-h".length()));
                yield new LearnedUpdater(LearnedOptimizer.randomInit(withHiddenSize(units), 1));
            }
        };
        boolean lenet = network.equals("lenet");
        MnistMlp mlp = network.equals("mlp-1000") ? new MnistMlp(List.of(1000), MlpActivation.RELU) : MnistMlp.PAPER;
        net = new MultiLayerNetwork(lenet ? LeNet.configuration(config, 1) : mlp.configuration(config, 1));
        net.init();
        int batchSize = lenet ? 64 : 128;
        Nd4j.getRandom().setSeed(2);
        var labels = Nd4j.zeros(DataType.FLOAT, batchSize, 10);
        for (int i = 0; i < batchSize; i++) {
            labels.putScalar(i, i % 10, 1f);
        }
        batch = new DataSet(Nd4j.rand(DataType.FLOAT, batchSize, 784), labels);
    }

    /** The general shape with another number of LSTM units, as {@code meta-train --lstm-units} makes it. */
    private static OptimizerShape withHiddenSize(int units) {
        OptimizerShape general = UpdaterStepBenchmark.GENERAL;
        return new OptimizerShape(units, general.preprocessing(), general.outputScale(), general.nominal());
    }

    @Benchmark
    public MultiLayerNetwork fitStep() {
        net.fit(batch);
        return net;
    }
}
