package org.l2l4j.cli;

import org.l2l4j.data.MnistDataset;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.problem.MlpActivation;
import org.l2l4j.problem.MlpProblem;
import org.l2l4j.problem.MnistMlp;
import org.l2l4j.problem.Problem;
import org.l2l4j.problem.ProblemKind;
import org.l2l4j.problem.QuadraticProblem;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The options that choose an optimizee: shared by the commands that train or evaluate on one. */
final class ProblemOptions {

    @Option(names = "--problem", defaultValue = "mnist", converter = KindConverter.class,
            description = "mnist or quadratic (default: ${DEFAULT-VALUE}).")
    ProblemKind problem;

    @Option(names = "--hidden", split = ",", defaultValue = "20", paramLabel = "N[,N...]",
            description = "Hidden layer sizes of the MNIST MLP, e.g. 20, 40 or 20,20 (default: ${DEFAULT-VALUE}).")
    List<Integer> hidden;

    @Option(names = "--activation", defaultValue = "sigmoid", converter = ActivationConverter.class,
            description = "sigmoid, relu or tanh (default: ${DEFAULT-VALUE}).")
    MlpActivation activation;

    @Option(names = "--data", paramLabel = "DIR", description = "An MNIST-format directory. Default: MNIST, fetched on first use.")
    Path dataDir;

    /** Parses one MLP of a mixture, e.g. {@code 20:sigmoid} or {@code 20x20:relu}. */
    static MnistMlp parseMlp(String spec, CommandLine commandLine) {
        String[] parts = spec.split(":");
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected HIDDEN:ACTIVATION");
            }
            List<Integer> sizes = Arrays.stream(parts[0].split("x")).map(Integer::valueOf).toList();
            return new MnistMlp(sizes, MlpActivation.named(parts[1]));
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
        return problem.problem(mlp(), () -> MnistDataset.resolve(dataDir).load(true));
    }

    /** MNIST MLPs on the training split, sharing one copy of the data. */
    List<Problem> trainingMixture(List<MnistMlp> mlps) {
        var train = MnistDataset.resolve(dataDir).load(true);
        return mlps.stream().<Problem>map(mlp -> new MlpProblem(mlp, train, MlpProblem.PAPER_BATCH_SIZE)).toList();
    }

    /** The optimizee on the test split, which meta-training never sees: where optimizers are compared. */
    Problem evaluationProblem() {
        return problem.problem(mlp(), () -> MnistDataset.resolve(dataDir).load(false));
    }

    /** The optimizee's parameter count, known before any data is read. */
    long parameterCount() {
        return problem == ProblemKind.QUADRATIC ? QuadraticProblem.PAPER.parameterCount() : mlp().parameterCount();
    }

    MnistMlp mlp() {
        return new MnistMlp(hidden, activation);
    }

    /** The paper's optimizer settings for this problem (docs/method.md §1.3-§1.4). */
    OptimizerShape optimizerShape() {
        return problem.optimizerShape();
    }

    /** Spells problems as options are spelled: mnist, quadratic. */
    static final class KindConverter implements CommandLine.ITypeConverter<ProblemKind> {
        @Override
        public ProblemKind convert(String value) {
            try {
                return ProblemKind.named(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Spells activations as options are spelled: sigmoid, relu, tanh. */
    static final class ActivationConverter implements CommandLine.ITypeConverter<MlpActivation> {
        @Override
        public MlpActivation convert(String value) {
            try {
                return MlpActivation.named(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
