package org.l2l4j.optimizer;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.Map;

/**
 * The definition of one step of the coordinatewise LSTM optimizer as a SameDiff subgraph: the single source of
 * truth for its math. Meta-training differentiates it; {@link StepKernel} is a fast re-implementation that a
 * test holds equal to it.
 *
 * <p>For N coordinates: x = preprocess(∇) [N, inputs]; for each layer z = x·Wx + h·Wh + b, split into gate
 * blocks i, f, c', o; c ← σ(f)·c + σ(i)·tanh(c'); h ← σ(o)·tanh(c); the outputs are o = h2·W + b, and the step is
 * η·o or, with a nominal direction, −η·e^(c_t·tanh o₂)·(d + α·tanh o₁) ({@link NominalDirection}, where c_t is
 * c or, with a warm-up, c·min(1, (t + 1)/K) at the run's step t). The moment
 * preprocessing ({@link GradientPreprocessing.Kind#MOMENTS}) also advances each coordinate's moments m₁, m₂, v.
 *
 * <p>A coordinate whose gradient is exactly zero and whose state is all zero (as after a reset) is dormant: its
 * step is zero and its state stays zero. So a coordinate whose gradient has been zero since its state was reset
 * never moves, as under SGD or Adam: a frozen layer stays frozen and an embedding row that is never looked up
 * stays where it was. Without this, the output bias alone would move every such parameter at each step.
 */
public final class OptimizerGraph {

    private OptimizerGraph() {
    }

    /**
     * The recurrent state of N coordinates: h and c of both layers, each [N, hidden], and the moments m₁, m₂, v
     * [N, 3] of the moment preprocessing (null for the others, which keep none).
     */
    public record State(SDVariable h1, SDVariable c1, SDVariable h2, SDVariable c2, SDVariable moments) {

        /** The state from its parts in the order of {@link #partWidths}. */
        public static State of(SDVariable[] parts) {
            return new State(parts[0], parts[1], parts[2], parts[3], parts.length > 4 ? parts[4] : null);
        }

        /** The parts h1, c1, h2, c2 and, if kept, the moments: the order of the state layout's rows. */
        public SDVariable[] parts() {
            return moments == null ? new SDVariable[]{h1, c1, h2, c2} : new SDVariable[]{h1, c1, h2, c2, moments};
        }
    }

    /**
     * The widths of the state's parts for {@code shape}: hidden for h1, c1, h2 and c2, then the moments' if the
     * preprocessing keeps them. Their sum is {@link OptimizerShape#stateSize()}, in the order of its rows.
     */
    public static int[] partWidths(OptimizerShape shape) {
        int hidden = shape.hiddenSize();
        int moments = shape.preprocessing().stateRows();
        return moments == 0 ? new int[]{hidden, hidden, hidden, hidden}
                : new int[]{hidden, hidden, hidden, hidden, moments};
    }

    /** The step g_t [N, 1] (to be added to θ) and the state after it. */
    public record Step(SDVariable step, State next) {
    }

    /** φ as trainable SameDiff variables, named after their tensors with the given prefix. */
    public static Map<PhiTensor, SDVariable> variables(SameDiff sd, LearnedOptimizer phi, String prefix, DataType type) {
        Map<PhiTensor, SDVariable> vars = new EnumMap<>(PhiTensor.class);
        for (PhiTensor t : PhiTensor.values()) {
            vars.put(t, sd.var(prefix + t.name().toLowerCase(), tensorArray(phi, t, type)));
        }
        return vars;
    }

    /** φ as constants, for evaluating the step without training it. */
    public static Map<PhiTensor, SDVariable> constants(SameDiff sd, LearnedOptimizer phi, String prefix, DataType type) {
        Map<PhiTensor, SDVariable> vars = new EnumMap<>(PhiTensor.class);
        for (PhiTensor t : PhiTensor.values()) {
            vars.put(t, sd.constant(prefix + t.name().toLowerCase(), tensorArray(phi, t, type)));
        }
        return vars;
    }

    public static INDArray tensorArray(LearnedOptimizer phi, PhiTensor t, DataType type) {
        OptimizerShape shape = phi.shape();
        return Nd4j.create(phi.tensor(t), new long[]{t.rows(shape), t.cols(shape)}, 'c').castTo(type);
    }

    /**
     * One optimizer step for the gradients {@code gradient} [N, 1] at step {@code stepIndex} of the run (a scalar,
     * from 0), which only a shape with a warm-up reads; null for the others.
     */
    public static Step step(SameDiff sd, OptimizerShape shape, Map<PhiTensor, SDVariable> phi, SDVariable gradient,
                            State state, SDVariable stepIndex) {
        if (shape.hasWarmup() && stepIndex == null) {
            throw new IllegalArgumentException(shape + " has a warm-up: its step needs the run's step index");
        }
        boolean withMoments = shape.preprocessing().kind() == GradientPreprocessing.Kind.MOMENTS;
        SDVariable bounded = withMoments ? boundForMoments(sd, gradient) : null;
        SDVariable moments = withMoments ? advanceMoments(sd, bounded, state.moments()) : null;
        SDVariable x = withMoments ? momentFeatures(sd, shape.preprocessing(), bounded, moments)
                : preprocess(sd, shape.preprocessing(), gradient);
        SDVariable[] layer1 = lstmLayer(sd, shape.hiddenSize(), x, state.h1(), state.c1(),
                phi.get(PhiTensor.LAYER1_INPUT_WEIGHTS), phi.get(PhiTensor.LAYER1_RECURRENT_WEIGHTS), phi.get(PhiTensor.LAYER1_BIAS));
        SDVariable[] layer2 = lstmLayer(sd, shape.hiddenSize(), layer1[0], state.h2(), state.c2(),
                phi.get(PhiTensor.LAYER2_INPUT_WEIGHTS), phi.get(PhiTensor.LAYER2_RECURRENT_WEIGHTS), phi.get(PhiTensor.LAYER2_BIAS));
        SDVariable outputs = sd.mmul(layer2[0], phi.get(PhiTensor.OUTPUT_WEIGHTS)).add(phi.get(PhiTensor.OUTPUT_BIAS));
        SDVariable active = active(sd, gradient, state);
        SDVariable step = shape.nominal() == null ? outputs.mul(shape.outputScale())
                : nominalStep(sd, shape, outputs, x.get(SDIndex.all(), SDIndex.interval(
                GradientPreprocessing.NOMINAL_FEATURE, GradientPreprocessing.NOMINAL_FEATURE + 1)), stepIndex);
        // a dormant coordinate's state is zero, so zeroing its next state keeps it as it was
        return new Step(step.mul(active), new State(layer1[0].mul(active), layer1[1].mul(active),
                layer2[0].mul(active), layer2[1].mul(active), moments == null ? null : moments.mul(active)));
    }

    /**
     * −η·e^(c_t·tanh o₂)·(d + α_t·tanh o₁) from the outputs [N, 2], the nominal direction d [N, 1] and, with a
     * warm-up, the step index t.
     */
    private static SDVariable nominalStep(SameDiff sd, OptimizerShape shape, SDVariable outputs, SDVariable direction,
                                          SDVariable stepIndex) {
        NominalDirection nominal = shape.nominal();
        SDVariable learned = sd.math.tanh(outputs.get(SDIndex.all(), SDIndex.interval(0, 1)));
        SDVariable scaleTanh = sd.math.tanh(outputs.get(SDIndex.all(), SDIndex.interval(1, 2)));
        SDVariable scale = sd.math.exp(nominal.warmupSteps() > 0
                ? scaleTanh.mul(warmupFraction(sd, stepIndex, nominal.warmupSteps()).mul(nominal.scaleRange()))
                : scaleTanh.mul(nominal.scaleRange()));
        SDVariable share = nominal.shareWarmupSteps() > 0
                ? learned.mul(warmupFraction(sd, stepIndex, nominal.shareWarmupSteps()).mul(nominal.learnedShare()))
                : learned.mul(nominal.learnedShare());
        return scale.mul(direction.add(share)).mul(-shape.outputScale());
    }

    /** min(1, (t + 1)/K) for step index t (from 0) and a warm-up of K steps. */
    private static SDVariable warmupFraction(SameDiff sd, SDVariable stepIndex, int steps) {
        return sd.math.clipByValue(stepIndex.add(1).div(steps), 0, 1);
    }

    /** The gradient clamped to ±{@link GradientPreprocessing#MOMENT_GRADIENT_BOUND}, so that g² stays finite. */
    static SDVariable boundForMoments(SameDiff sd, SDVariable gradient) {
        double bound = GradientPreprocessing.MOMENT_GRADIENT_BOUND;
        return sd.math.clipByValue(gradient, -bound, bound);
    }

    /**
     * The moments [N, 3] after the gradient: each m ← β·m + (1 − β)·g (v with g²), except where v is still zero,
     * where they start at m = g, v = g². fresh = 1 − sign(v) is 1 exactly there (v ≥ 0).
     */
    static SDVariable advanceMoments(SameDiff sd, SDVariable gradient, SDVariable moments) {
        SDVariable v = moments.get(SDIndex.all(), SDIndex.interval(2, 3));
        SDVariable kept = sd.math.sign(v);
        SDVariable fresh = kept.rsub(1.0);
        SDVariable squared = gradient.mul(gradient);
        SDVariable m1 = moment(moments, 0, GradientPreprocessing.FAST_MOMENTUM, gradient, kept, fresh);
        SDVariable m2 = moment(moments, 1, GradientPreprocessing.SLOW_MOMENTUM, gradient, kept, fresh);
        SDVariable second = moment(moments, 2, GradientPreprocessing.SECOND_MOMENT, squared, kept, fresh);
        return sd.concat(1, m1, m2, second);
    }

    private static SDVariable moment(SDVariable moments, int column, float beta, SDVariable value, SDVariable kept,
                                     SDVariable fresh) {
        SDVariable old = moments.get(SDIndex.all(), SDIndex.interval(column, column + 1));
        return old.mul(beta).add(value.mul(1f - beta)).mul(kept).add(value.mul(fresh));
    }

    /** The moment features [N, 4]: g/s, m₁/s, m₂/s, log(s)/p with s = √v + ε, from the advanced moments. */
    static SDVariable momentFeatures(SameDiff sd, GradientPreprocessing preprocessing, SDVariable gradient,
                                     SDVariable moments) {
        SDVariable s = sd.math.sqrt(moments.get(SDIndex.all(), SDIndex.interval(2, 3))).add(GradientPreprocessing.EPSILON);
        return sd.concat(1, gradient.div(s), moments.get(SDIndex.all(), SDIndex.interval(0, 1)).div(s),
                moments.get(SDIndex.all(), SDIndex.interval(1, 2)).div(s), sd.math.log(s).div(preprocessing.p()));
    }

    /**
     * [N, 1]: 0 for a dormant coordinate (zero gradient and all-zero state), 1 otherwise. The sign of a sum of
     * magnitudes; sign has a zero derivative, so the mask carries no meta-gradient.
     */
    static SDVariable active(SameDiff sd, SDVariable gradient, State state) {
        SDVariable magnitude = sd.math.abs(gradient);
        for (SDVariable part : state.parts()) {
            magnitude = magnitude.add(sd.math.abs(part).sum(true, 1));
        }
        return sd.math.sign(magnitude);
    }

    /** {@link GradientPreprocessing}: (max(log|g|/p, -1), clamp(g e^p, -1, 1)), or g itself. */
    static SDVariable preprocess(SameDiff sd, GradientPreprocessing preprocessing, SDVariable gradient) {
        if (preprocessing.kind() == GradientPreprocessing.Kind.IDENTITY) {
            return gradient;
        }
        double p = preprocessing.p();
        SDVariable logMagnitude = sd.math.clipByValue(sd.math.log(sd.math.abs(gradient)).div(p), -1.0, Float.MAX_VALUE);
        SDVariable signLike = sd.math.clipByValue(gradient.mul(Math.exp(p)), -1.0, 1.0);
        return sd.concat(1, logMagnitude, signLike);
    }

    /** Returns {h, c} after one LSTM cell step. */
    private static SDVariable[] lstmLayer(SameDiff sd, int hidden, SDVariable x, SDVariable h, SDVariable c,
                                          SDVariable wx, SDVariable wh, SDVariable bias) {
        SDVariable z = sd.mmul(x, wx).add(sd.mmul(h, wh)).add(bias);
        SDVariable input = sd.nn.sigmoid(gate(z, 0, hidden));
        SDVariable forget = sd.nn.sigmoid(gate(z, 1, hidden));
        SDVariable candidate = sd.math.tanh(gate(z, 2, hidden));
        SDVariable output = sd.nn.sigmoid(gate(z, 3, hidden));
        SDVariable cNext = forget.mul(c).add(input.mul(candidate));
        SDVariable hNext = output.mul(sd.math.tanh(cNext));
        return new SDVariable[]{hNext, cNext};
    }

    private static SDVariable gate(SDVariable z, int block, int hidden) {
        return z.get(SDIndex.all(), SDIndex.interval(block * hidden, (block + 1) * hidden));
    }
}
