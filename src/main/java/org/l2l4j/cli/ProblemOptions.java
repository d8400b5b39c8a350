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

    MnistMlp mlp() {
        Activation function = switch (activation) {
            case sigmoid -> Activation.SIGMOID;
            case relu -> Activation.RELU;
            case tanh -> Activation.TANH;
        };
        return new MnistMlp(hidden, function);
    }

    /** The paper's optimizer settings for this problem (SPEC §1-2). */
    OptimizerShape optimizerShape() {
        return problem == Kind.quadratic ? OptimizerShape.PAPER_QUADRATIC : OptimizerShape.PAPER_MNIST;
    }
}
