package org.l2l4j.cli;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.QuadraticProblem;
import org.nd4j.linalg.activations.Activation;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** The options that choose an optimizee: shared by the commands that train or evaluate on one. */
final class ProblemOptions {

    enum Kind { mnist, quadratic }

    enum ActivationName { sigmoid, relu, tanh }

    @Option(names = "--problem", defaultValue = "mnist", description = "mnist or quadratic (default: ${DEFAULT-VALUE}).")
    Kind problem;

    @Option(names = "--hidden", split = ",", defaultValue = "20", paramLabel = "N[,N...]",
            description = "Hidden layer sizes of the MNIST MLP, e.g. 20, 40 or 20,20 (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--activation", defaultValue = "sigmoid", description = "sigmoid, relu or tanh (default: ${DEFAULT-VALUE}).")
    ActivationName activation;

    @Option(names = "--data", paramLabel = "DIR", description = "An MNIST-format directory. Default: MNIST, fetched on first use.")
    Path dataDir;

    /** Parses one MLP of a mixture, e.g. {@code 20:sigmoid} or {@code 20x20:relu}. */
    static MnistMlp parseMlp(String spec, CommandLine commandLine) {
        String[] parts = spec.split(":");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected HIDDEN:ACTIVATION");
            }
            List<Integer> sizes = java.util.Arrays.stream(parts[0].split("x")).map(Integer::valueOf).toList();
            return new MnistMlp(sizes, activation(ActivationName.valueOf(parts[1])));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "cannot read the MLP '" + spec + "': write it as"
                    + " HIDDEN:ACTIVATION, such as 20:sigmoid or 20x20:relu, with activation sigmoid, relu or tanh");
        }
    }

    void validate(CommandLine commandLine) {
        if (hidden.stream().anyMatch(h -> h < 1)) {
            throw new CommandLine.ParameterException(commandLine, "--hidden sizes must be positive, got " + hidden);
        }
    }

    /** The optimizee on the training split: meta-training never sees the test split. */
    Problem trainingProblem() {
        return switch (problem) {
            case quadratic -> QuadraticProblem.PAPER;
            case mnist -> new MlpProblem(mlp(), MnistDataset.resolve(dataDir).load(true), 128);
        };
    }

    /** MNIST MLPs on the training split, sharing one copy of the data. */
    List<Problem> trainingMixture(List<MnistMlp> mlps) {
        var train = MnistDataset.resolve(dataDir).load(true);
        return mlps.stream().<Problem>map(mlp -> new MlpProblem(mlp, train, 128)).toList();
    }

    /** The optimizee on the test split, which meta-training never sees: where optimizers are compared. */
    Problem evaluationProblem() {
        return switch (problem) {
            case quadratic -> QuadraticProblem.PAPER;
            case mnist -> new MlpProblem(mlp(), MnistDataset.resolve(dataDir).load(false), 128);
        };
    }

    MnistMlp mlp() {
        return new MnistMlp(hidden, activation(activation));
    }

    private static Activation activation(ActivationName name) {
        return switch (name) {
            case sigmoid -> Activation.SIGMOID;
            case relu -> Activation.RELU;
            case tanh -> Activation.TANH;
        };
    }

    /** The paper's optimizer settings for this problem (docs/method.md §1.3-§1.4). */
    OptimizerShape optimizerShape() {
        return problem == Kind.quadratic ? OptimizerShape.PAPER_QUADRATIC : OptimizerShape.PAPER_MNIST;
    }
}
