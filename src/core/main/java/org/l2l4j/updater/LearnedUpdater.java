package org.l2l4j.updater;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerFileException;
import org.l2l4j.optimizer.OptimizerShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * A DL4J updater driven by a learned optimizer φ: {@code .updater(LearnedUpdater.load(path))} in any
 * {@code MultiLayerNetwork}, {@code ComputationGraph} or SameDiff {@code TrainingConfig}.
 *
 * <p>φ travels inside the configuration (as the bytes of its {@code optimizer.l2l} file, Base64 in JSON), so
 * a saved model restores on a machine that has no weights file. Every parameter coordinate carries 4·hidden
 * floats of LSTM state, kept in DL4J's updater state array.
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

    @JsonProperty("optimizer")
    private final String encodedOptimizer;
    @JsonProperty("onNonFiniteGradient")
    private final NonFiniteGradientPolicy nonFiniteGradientPolicy;
    private final transient LearnedOptimizer optimizer;

    public LearnedUpdater(LearnedOptimizer optimizer) {
        this(optimizer, Base64.getEncoder().encodeToString(optimizer.toBytes()), NonFiniteGradientPolicy.THROW);
    }

    private LearnedUpdater(LearnedOptimizer optimizer, String encodedOptimizer, NonFiniteGradientPolicy policy) {
        this.optimizer = optimizer;
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
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encodedOptimizer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the LearnedUpdater 'optimizer' field is not valid Base64; the"
                    + " configuration was damaged", e);
        }
        this.optimizer = LearnedOptimizer.fromBytes(bytes, "the LearnedUpdater configuration's optimizer field");
        this.encodedOptimizer = encodedOptimizer;
    }

    /** The updater for the optimizer stored at {@code file} (an {@code optimizer.l2l}). */
    public static LearnedUpdater load(Path file) {
        return new LearnedUpdater(LearnedOptimizer.load(file));
    }

    /** Classpath location of the optimizer meta-trained on the paper's MNIST setting, and its provenance beside it. */
    public static final String PRETRAINED_RESOURCE = "/org/l2l4j/pretrained/mnist-mlp.l2l";

    /**
     * The optimizer shipped with l2l4j, meta-trained on the paper's MNIST setting (MLP 784-20-10, sigmoid, batch
     * 128, 100 steps); how it was trained is in {@code mnist-mlp.provenance.md} beside it.
     */
    public static LearnedUpdater pretrained() {
        try (var in = LearnedUpdater.class.getResourceAsStream(PRETRAINED_RESOURCE)) {
            if (in == null) {
                throw new OptimizerFileException("this l2l4j build has no pretrained optimizer (" + PRETRAINED_RESOURCE
                        + " is missing from the classpath); use LearnedUpdater.load(path) with an optimizer.l2l from"
                        + " './l2l4j meta-train'");
            }
            return new LearnedUpdater(LearnedOptimizer.fromBytes(in.readAllBytes(), "the pretrained optimizer " + PRETRAINED_RESOURCE));
        } catch (java.io.IOException e) {
            throw new OptimizerFileException("cannot read the pretrained optimizer " + PRETRAINED_RESOURCE + ": " + e.getMessage(), e);
        }
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

    @Override
    public long stateSize(long numParams) {
        return numParams * optimizer.shape().stateSize();
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
        return o instanceof LearnedUpdater other && encodedOptimizer.equals(other.encodedOptimizer)
                && nonFiniteGradientPolicy == other.nonFiniteGradientPolicy;
    }

    @Override
    public int hashCode() {
        // by name: an enum's own hashCode differs between JVM runs
        return 31 * encodedOptimizer.hashCode() + nonFiniteGradientPolicy.name().hashCode();
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
        return "LearnedUpdater[" + optimizer + ", on non-finite gradient: " + nonFiniteGradientPolicy + "]";
    }
}
