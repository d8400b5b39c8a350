package org.l2l4j.problem;

import org.l2l4j.data.MnistSplit;
import org.l2l4j.optimizer.OptimizerShape;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The paper's two kinds of optimizee, each with the optimizer shape that goes with it (docs/method.md §1.3-§1.4,
 * §2.1-§2.2): MNIST MLPs on minibatches of {@value MlpProblem#PAPER_BATCH_SIZE}, whose optimizer reads log-sign
 * preprocessed gradients, and the synthetic quadratics, whose optimizer reads raw gradients.
 */
public enum ProblemKind {

    MNIST(OptimizerShape.PAPER_MNIST),
    QUADRATIC(OptimizerShape.PAPER_QUADRATIC);

    private final OptimizerShape optimizerShape;

    ProblemKind(OptimizerShape optimizerShape) {
        this.optimizerShape = optimizerShape;
    }

    /** The settings of a learned optimizer meta-trained on this kind of problem. */
    public OptimizerShape optimizerShape() {
        return optimizerShape;
    }

    /**
     * The optimizee of this kind: {@code mlp} on minibatches of {@value MlpProblem#PAPER_BATCH_SIZE} drawn from
     * {@code data} (a training split for meta-training, the test split for evaluation), or the paper's
     * quadratics, which ignore both and never read {@code data}.
     */
    public Problem problem(MnistMlp mlp, Supplier<MnistSplit> data) {
        return switch (this) {
            case MNIST -> new MlpProblem(mlp, data.get(), MlpProblem.PAPER_BATCH_SIZE);
            case QUADRATIC -> QuadraticProblem.PAPER;
        };
    }

    /** The name options use: mnist, quadratic. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of this {@link #label()}; the error lists the choices. */
    public static ProblemKind named(String label) {
        for (ProblemKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown problem '" + label + "': expected one of "
                + Arrays.stream(values()).map(ProblemKind::label).toList());
    }
}
