package org.l2l4j.problem;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.weights.WeightInit;
import org.l2l4j.data.MnistSplit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The built-in tasks. Those for meta-training are small and cheap (narrow MLPs on 7 × 7 and 14 × 14 MNIST with
 * several activations, a tiny CNN: no recurrent network) plus the paper's two; the held-out ones are the cases
 * of the {@code generalization} suite, which no shipped optimizer may be meta-trained on.
 */
public final class Tasks {

    private static final int BATCH = 128;
    /** DL4J's LeNet example trains with minibatches of 64. */
    private static final int LENET_BATCH = 64;
    private static final int SIDE = 28;

    private static final List<Task> ALL = List.of(
            // for meta-training
            new NetworkTask("mlp-20-sigmoid", Task.Role.META_TRAINING,
                    "the paper's MLP: 784-20-10 sigmoid, N(0, 0.01²) initialisation", 1, BATCH,
                    () -> MnistMlp.PAPER.configuration(new NoOp(), 0)),
            new NetworkTask("mlp7-16-sigmoid", Task.Role.META_TRAINING, "7x7 MNIST, 49-16-10 sigmoid", 4, BATCH,
                    () -> mlp(7, Activation.SIGMOID, 16)),
            new NetworkTask("mlp7-32-elu", Task.Role.META_TRAINING, "7x7 MNIST, 49-32-10 ELU", 4, BATCH,
                    () -> mlp(7, Activation.ELU, 32)),
            new NetworkTask("mlp14-10-relu", Task.Role.META_TRAINING, "14x14 MNIST, 196-10-10 ReLU", 2, BATCH,
                    () -> mlp(14, Activation.RELU, 10)),
            new NetworkTask("mlp14-20-tanh", Task.Role.META_TRAINING, "14x14 MNIST, 196-20-10 tanh", 2, BATCH,
                    () -> mlp(14, Activation.TANH, 20)),
            new NetworkTask("mlp14-32x32-relu", Task.Role.META_TRAINING, "14x14 MNIST, 196-32-32-10 ReLU", 2, BATCH,
                    () -> mlp(14, Activation.RELU, 32, 32)),
            new NetworkTask("cnn14-tiny", Task.Role.META_TRAINING,
                    "14x14 MNIST, conv 3x3x4 ReLU, max-pool 2x2, softmax", 2, BATCH, Tasks::cnnTiny),
            new QuadraticTask(),
            // held out
            new NetworkTask("mlp-20-relu", Task.Role.HELD_OUT, "784-20-10 ReLU", 1, BATCH,
                    () -> mlp(SIDE, Activation.RELU, 20)),
            new NetworkTask("mlp-100-relu", Task.Role.HELD_OUT, "784-100-10 ReLU", 1, BATCH,
                    () -> mlp(SIDE, Activation.RELU, 100)),
            new NetworkTask("mlp-64x32-relu", Task.Role.HELD_OUT, "784-64-32-10 ReLU (two hidden layers)", 1, BATCH,
                    () -> mlp(SIDE, Activation.RELU, 64, 32)),
            new NetworkTask("mlp-40-elu", Task.Role.HELD_OUT, "784-40-10 ELU", 1, BATCH,
                    () -> mlp(SIDE, Activation.ELU, 40)),
            new NetworkTask("cnn-small", Task.Role.HELD_OUT,
                    "conv 5x5x8 ReLU, max-pool, conv 5x5x8 ReLU, max-pool, softmax", 1, BATCH, Tasks::cnnSmall),
            new NetworkTask("lenet", Task.Role.HELD_OUT,
                    "LeNet-5 as DL4J's examples build it: conv 5x5x20, max-pool, conv 5x5x50, max-pool, dense 500 ReLU,"
                            + " softmax; batch 64", 1, LENET_BATCH, Tasks::lenet),
            new NetworkTask("rnn-rows-simple", Task.Role.HELD_OUT,
                    "SimpleRnn of 32 tanh units reading MNIST's 28 rows as a sequence, softmax on its last step", 1,
                    BATCH, () -> rowsRnn(new SimpleRnn.Builder().nIn(SIDE).nOut(32).activation(Activation.TANH).build(), 32)),
            new NetworkTask("rnn-rows-lstm", Task.Role.HELD_OUT,
                    "LSTM of 20 units reading MNIST's 28 rows as a sequence, softmax on its last step", 1, BATCH,
                    () -> rowsRnn(new LSTM.Builder().nIn(SIDE).nOut(20).activation(Activation.TANH).build(), 20)));

    private static final Map<String, Task> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(Task::name, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));

    private Tasks() {
    }

    public static List<Task> all() {
        return ALL;
    }

    /** The task of that name, or an error listing the names there are. */
    public static Task named(String name) {
        Task task = BY_NAME.get(name);
        if (task == null) {
            throw new IllegalArgumentException("there is no task '" + name + "'; the tasks are " + BY_NAME.keySet()
                    + " (./l2l4j tasks lists them)");
        }
        return task;
    }

    private static NeuralNetConfiguration.Builder base(WeightInit init) {
        return new NeuralNetConfiguration.Builder().seed(0).dataType(DataType.FLOAT).weightInit(init).updater(new NoOp());
    }

    private static MultiLayerConfiguration mlp(int side, Activation activation, int... hidden) {
        WeightInit init = activation == Activation.RELU || activation == Activation.ELU ? WeightInit.RELU : WeightInit.XAVIER;
        NeuralNetConfiguration.ListBuilder layers = base(init).list();
        int in = side * side;
        for (int h : hidden) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(h).activation(activation).build());
            in = h;
        }
        return layers.layer(softmax(in)).build();
    }

    private static OutputLayer softmax(int in) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(MnistMlp.CLASSES)
                .activation(Activation.SOFTMAX).build();
    }

    private static OutputLayer softmax() {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(MnistMlp.CLASSES)
                .activation(Activation.SOFTMAX).build();
    }

    private static MultiLayerConfiguration cnnTiny() {
        return base(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(softmax())
                .setInputType(InputType.convolutionalFlat(14, 14, 1))
                .build();
    }

    private static MultiLayerConfiguration cnnSmall() {
        return base(WeightInit.RELU).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(8).activation(Activation.RELU).build())
                .layer(maxPool())
                .layer(softmax())
                .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
                .build();
    }

    private static MultiLayerConfiguration lenet() {
        return base(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).stride(1, 1).activation(Activation.IDENTITY).build())
                .layer(maxPool())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).stride(1, 1).activation(Activation.IDENTITY).build())
                .layer(maxPool())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                .layer(softmax())
                .setInputType(InputType.convolutionalFlat(SIDE, SIDE, 1))
                .build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    private static MultiLayerConfiguration rowsRnn(org.deeplearning4j.nn.conf.layers.Layer recurrent, int units) {
        return base(WeightInit.XAVIER).list()
                .layer(new LastTimeStep(recurrent))
                .layer(softmax(units))
                .build();
    }

    /** The paper's quadratics as a task. */
    private record QuadraticTask() implements Task {
        @Override
        public String name() {
            return "quadratic";
        }

        @Override
        public Role role() {
            return Role.META_TRAINING;
        }

        @Override
        public String description() {
            return "the paper's synthetic task: 128 random 10-dimensional quadratics";
        }

        @Override
        public int parameterCount() {
            return QuadraticProblem.PAPER.parameterCount();
        }

        @Override
        public Problem problem(MnistSplit batchesFrom, MnistSplit evaluatedOn) {
            return QuadraticProblem.PAPER;
        }

        @Override
        public boolean needsImages() {
            return false;
        }

        @Override
        public String definition() {
            return QuadraticProblem.PAPER.describe();
        }
    }
}
