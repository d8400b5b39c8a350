package org.l2l4j.updater;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * A DL4J updater driven by a learned optimizer φ: {@code .updater(LearnedUpdater.load(path))} in any
 * {@code MultiLayerNetwork}, {@code ComputationGraph} or SameDiff {@code TrainingConfig}.
 *
 * <p>φ travels inside the configuration, so a saved model restores on a machine that has no weights file: an
 * optimizer shipped with l2l4j ({@link #pretrained(String)}) by its name and version, e.g.
 * {@code "optimizer": "pretrained:paper-mnist@1"}, any other as the bytes of its {@code optimizer.l2l} file in
 * Base64. Every parameter coordinate carries 4·hidden floats of LSTM state, kept in DL4J's updater state array.
 *
 * <p>Two updaters are equal when they apply the same φ with the same policy, however φ is stored: DL4J gives
 * consecutive layers with equal updaters one block of state.
 *
 * <p>A gradient holding NaN or an infinity throws {@link NonFiniteGradientException} by default;
 * {@link #onNonFiniteGradient(NonFiniteGradientPolicy)} makes such steps be skipped instead. The policy is part
 * of the configuration, so it is saved with the model.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE,
        setterVisibility = JsonAutoDetect.Visibility.NONE)
public final class LearnedUpdater implements IUpdater {

    /**
     * The name behind {@link #pretrained()}: the general optimizer. On the held-out generalization suite it is at
     * 1.04 times the best tuned baseline (geometric mean; the paper's optimizer is at 5.6 and diverges on LeNet-5),
     * though it misses the targets there, and on LeNet-5 its loss can rise above the start in the first steps
     * before it recovers (docs/results/general).
     */
    private static final String DEFAULT_PRETRAINED = "general";

    /** A shipped optimizer's {@linkplain PretrainedOptimizer#reference() reference}, or φ's file in Base64. */
    @JsonProperty("optimizer")
    private final String encodedOptimizer;
    @JsonProperty("onNonFiniteGradient")
    private final NonFiniteGradientPolicy nonFiniteGradientPolicy;
    private final transient LearnedOptimizer optimizer;
    /** Of φ's file bytes: equal φs hash equally however they are stored, and the same in every JVM. */
    private final transient int optimizerHash;

    public LearnedUpdater(LearnedOptimizer optimizer) {
        this(optimizer, Base64.getEncoder().encodeToString(optimizer.toBytes()), NonFiniteGradientPolicy.THROW);
    }

    private LearnedUpdater(LearnedOptimizer optimizer, String encodedOptimizer, NonFiniteGradientPolicy policy) {
        this.optimizer = optimizer;
        this.optimizerHash = Arrays.hashCode(optimizer.toBytes());
        this.encodedOptimizer = encodedOptimizer;
        this.nonFiniteGradientPolicy = policy;
    }

    /** Configurations saved before the policy existed have no such field; they get the default, THROW. */
    @JsonCreator
    LearnedUpdater(@JsonProperty("optimizer") String encodedOptimizer,
                   @JsonProperty("onNonFiniteGradient") NonFiniteGradientPolicy nonFiniteGradientPolicy) {
        this.nonFiniteGradientPolicy = nonFiniteGradientPolicy == null ? NonFiniteGradientPolicy.THROW : nonFiniteGradientPolicy;
        if (encodedOptimizer == null) {
            throw new IllegalArgumentException("a LearnedUpdater configuration needs its 'optimizer' field");
        }
        this.optimizer = PretrainedOptimizer.isReference(encodedOptimizer)
                ? PretrainedOptimizer.byReference(encodedOptimizer).optimizer()
                : LearnedOptimizer.fromBytes(decodeBase64(encodedOptimizer), "the LearnedUpdater configuration's optimizer field");
        this.optimizerHash = Arrays.hashCode(optimizer.toBytes());
        this.encodedOptimizer = encodedOptimizer;
    }

    private static byte[] decodeBase64(String encodedOptimizer) {
        try {
            return Base64.getDecoder().decode(encodedOptimizer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the LearnedUpdater 'optimizer' field is neither a pretrained optimizer"
                    + " ('" + PretrainedOptimizer.REFERENCE_PREFIX + "name@version') nor valid Base64; the configuration"
                    + " was damaged", e);
        }
    }

    /** The updater for the optimizer stored at {@code file} (an {@code optimizer.l2l}). */
    public static LearnedUpdater load(Path file) {
        return new LearnedUpdater(LearnedOptimizer.load(file));
    }

    /** Classpath location of the optimizer meta-trained on the paper's MNIST setting, and its provenance beside it. */
    public static final String PRETRAINED_RESOURCE = "/org/l2l4j/pretrained/mnist-mlp.l2l";

    /** Classpath location of the general optimizer's first version ({@code general@1}), and its provenance beside it. */
    public static final String GENERAL_RESOURCE = "/org/l2l4j/pretrained/general.l2l";

    /** Classpath location of the general optimizer's version 2 ({@code general@2}), and its provenance beside it. */
    public static final String GENERAL_2_RESOURCE = "/org/l2l4j/pretrained/general-2.l2l";

    /** Classpath location of the general optimizer ({@code general@3}), and its provenance beside it. */
    public static final String GENERAL_3_RESOURCE = "/org/l2l4j/pretrained/general-3.l2l";

    /**
     * The default optimizer shipped with l2l4j: {@code general}, see {@link #pretrained(String)}. A configuration
     * stores it by name and version, so a saved model keeps the optimizer it was saved with even when a later
     * release changes the default (models saved when the default was {@code paper-mnist} keep it).
     */
    public static LearnedUpdater pretrained() {
        return pretrained(DEFAULT_PRETRAINED);
    }

    /**
     * An optimizer shipped with l2l4j, by name; configurations store its name and version instead of its weights.
     * <ul>
     *   <li>{@code general} (the default): the general optimizer (the shape of {@link OptimizerShape#GENERAL} with
     *   a nominal rate of 0.003 and warm-ups of its learned factor and share over a run's first 50 and 10 steps),
     *   meta-trained on five 28×28 MNIST networks, none of them in the held-out generalization suite; how it was
     *   trained is in {@code general-3.provenance.md} beside {@link #GENERAL_3_RESOURCE}. Its earlier versions,
     *   {@code general@1} and {@code general@2}, still load from configurations that name them.</li>
     *   <li>{@code paper-mnist}: the paper's optimizer, meta-trained on the paper's MNIST setting (MLP 784-20-10,
     *   sigmoid, batch 128, 100 steps), where it beats tuned baselines; it fails on other networks. How it was
     *   trained is in {@code mnist-mlp.provenance.md} beside {@link #PRETRAINED_RESOURCE}.</li>
     * </ul>
     *
     * @throws IllegalArgumentException naming the known optimizers if l2l4j ships none by this name
     */
    public static LearnedUpdater pretrained(String name) {
        PretrainedOptimizer shipped = PretrainedOptimizer.named(name);
        return new LearnedUpdater(shipped.optimizer(), shipped.reference(), NonFiniteGradientPolicy.THROW);
    }

    /** An untrained optimizer with the paper's MNIST shape, initialised from {@code seed}. */
    public static LearnedUpdater randomInit(long seed) {
        return new LearnedUpdater(LearnedOptimizer.randomInit(OptimizerShape.PAPER_MNIST, seed));
    }

    public LearnedOptimizer optimizer() {
        return optimizer;
    }

    /** This updater with the given reaction to NaN or infinite gradients; this instance is unchanged. */
    public LearnedUpdater onNonFiniteGradient(NonFiniteGradientPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("the non-finite gradient policy must be THROW or SKIP_STEP, got null");
        }
        return new LearnedUpdater(optimizer, encodedOptimizer, policy);
    }

    public NonFiniteGradientPolicy nonFiniteGradientPolicy() {
        return nonFiniteGradientPolicy;
    }

    /**
     * DL4J asks this before it allocates the updater state: a block whose state cannot exist is refused here,
     * with the size it needs ({@link StateBudget}).
     */
    @Override
    public long stateSize(long numParams) {
        return StateBudget.floatsFor(numParams, optimizer.shape().stateSize());
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        LearnedGradientUpdater updater = new LearnedGradientUpdater(this);
        updater.setStateViewArray(viewArray, null, 'c', initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        LearnedGradientUpdater updater = new LearnedGradientUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LearnedUpdater other && nonFiniteGradientPolicy == other.nonFiniteGradientPolicy
                && optimizerHash == other.optimizerHash && optimizer.equals(other.optimizer);
    }

    @Override
    public int hashCode() {
        // by name: an enum's own hashCode differs between JVM runs
        return 31 * optimizerHash + nonFiniteGradientPolicy.name().hashCode();
    }

    @Override
    public LearnedUpdater clone() {
        return this;
    }

    /** A learned optimizer has no learning rate: its step size is part of what it learned. */
    @Override
    public double getLearningRate(int iteration, int epoch) {
        return Double.NaN;
    }

    @Override
    public boolean hasLearningRate() {
        return false;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        throw new UnsupportedOperationException("LearnedUpdater has no learning rate to set: its step sizes are"
                + " learned. Remove the learning rate or schedule from this layer's configuration");
    }

    @Override
    public String toString() {
        String which = PretrainedOptimizer.isReference(encodedOptimizer) ? encodedOptimizer + ", " : "";
        return "LearnedUpdater[" + which + optimizer + ", on non-finite gradient: " + nonFiniteGradientPolicy + "]";
    }
}
