package org.l2l4j.meta;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerGraph;
import org.l2l4j.optimizer.OptimizerShape;
import org.l2l4j.optimizer.PhiTensor;
import org.l2l4j.problem.Batch;
import org.l2l4j.problem.SameDiffLoss;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One truncation of meta-training as a single SameDiff graph, the definition and reference of the
 * meta-objective: T unrolled steps θ_{t+1} = θ_t + g_t with [g_t, s_{t+1}] = m(∇_t, s_t; φ), and the meta-loss
 * Σ_{t=0..T} f(θ_t, batch_t). The optimizee gradients ∇_t enter as placeholders (SameDiff cannot differentiate
 * a gradient), which makes the meta-gradient the paper's first-order one: ∂∇_t/∂φ = 0. A shape with a warm-up
 * also takes the index of the truncation's first step in the run, and step t is the run's step first + t.
 */
public final class UnrolledGraph {

    /** θ_T, the LSTM state after the unroll, and the meta-loss with its gradient in φ's flat layout. */
    public record Result(double metaLoss, double[] phiGradient, double[] finalTheta, double[][] finalState) {
    }

    private final SameDiff sd = SameDiff.create();
    private final SameDiffLoss problem;
    private final OptimizerShape shape;
    private final int unroll;
    private final DataType type;
    private final Map<PhiTensor, SDVariable> phi;
    private final String metaLoss;
    private final String finalTheta;
    /** The widths of the state's parts (h1, c1, h2, c2 and any moments): {@link OptimizerGraph#partWidths}. */
    private final int[] partWidths;
    private final String[] finalState;
    /** The placeholder of the truncation's first step index, for a shape with a warm-up; else null. */
    private final String firstStep;

    public UnrolledGraph(SameDiffLoss problem, LearnedOptimizer initialPhi, int unroll, DataType type) {
        this.problem = problem;
        this.shape = initialPhi.shape();
        this.unroll = unroll;
        this.type = type;
        int n = problem.parameterCount();
        partWidths = OptimizerGraph.partWidths(shape);
        phi = OptimizerGraph.variables(sd, initialPhi, "phi_", type);
        SDVariable theta = sd.placeHolder("theta0", type, n, 1);
        SDVariable[] state = new SDVariable[partWidths.length];
        for (int i = 0; i < state.length; i++) {
            state[i] = sd.placeHolder("state0_" + i, type, n, partWidths[i]);
        }
        OptimizerGraph.State lstmState = OptimizerGraph.State.of(state);
        SDVariable first = shape.hasWarmup() ? sd.placeHolder("first_step", type) : null;
        firstStep = first == null ? null : first.name();
        SDVariable total = null;
        for (int t = 0; t <= unroll; t++) {
            Map<String, SDVariable> batch = new HashMap<>();
            for (var entry : problem.batchShapes().entrySet()) {
                batch.put(entry.getKey(), sd.placeHolder(batchName(t, entry.getKey()), type, entry.getValue()));
            }
            SDVariable loss = problem.loss(sd, theta, batch);
            total = total == null ? loss : total.add(loss);
            if (t < unroll) {
                SDVariable gradient = sd.placeHolder("gradient_" + t, type, n, 1);
                OptimizerGraph.Step step = OptimizerGraph.step(sd, shape, phi, gradient, lstmState,
                        first == null ? null : first.add(t));
                theta = theta.add(step.step());
                lstmState = step.next();
            }
        }
        metaLoss = total.rename("meta_loss").name();
        sd.setLossVariables(metaLoss);
        finalTheta = theta.name();
        SDVariable[] last = lstmState.parts();
        finalState = new String[last.length];
        for (int i = 0; i < last.length; i++) {
            finalState[i] = last[i].name();
        }
    }

    private static String batchName(int t, String name) {
        return "batch_" + t + "_" + name;
    }

    /** Replaces φ's values with those of an optimizer of this graph's shape. */
    public void setPhi(LearnedOptimizer optimizer) {
        if (!optimizer.shape().equals(shape)) {
            throw new IllegalArgumentException("this graph was built for " + shape + ", not " + optimizer.shape());
        }
        for (PhiTensor t : PhiTensor.values()) {
            phi.get(t).getArr().assign(OptimizerGraph.tensorArray(optimizer, t, type));
        }
    }

    /** Replaces φ's values, e.g. to probe the objective at φ ± ε. */
    public void setPhi(double[] parameters) {
        for (PhiTensor t : PhiTensor.values()) {
            double[] values = new double[t.size(shape)];
            System.arraycopy(parameters, t.offset(shape), values, 0, values.length);
            phi.get(t).setArray(Nd4j.create(values, new long[]{t.rows(shape), t.cols(shape)}, 'c').castTo(type));
        }
    }

    /**
     * Evaluates the meta-loss (and, if asked, its gradient in φ) from θ_0, the state s_0 ([h1, c1, h2, c2] and
     * any moments, each N times its part's width, coordinate-major: {@link OptimizerGraph#partWidths}), the T recorded optimizee gradients and the T+1 batches.
     * {@code firstStep} is the index in the run of the truncation's first step, which only a warm-up reads.
     */
    public Result run(float[] theta0, float[][] state0, float[][] gradients, List<Batch> batches, long firstStep,
                      boolean withGradient) {
        if (gradients.length != unroll || batches.size() != unroll + 1) {
            throw new IllegalArgumentException("an unroll of " + unroll + " steps needs " + unroll + " gradients and "
                    + (unroll + 1) + " batches, got " + gradients.length + " and " + batches.size());
        }
        int n = problem.parameterCount();
        Map<String, INDArray> placeholders = new HashMap<>();
        placeholders.put("theta0", array(theta0, n, 1));
        if (this.firstStep != null) {
            placeholders.put(this.firstStep, Nd4j.scalar((double) firstStep).castTo(type));
        }
        for (int i = 0; i < partWidths.length; i++) {
            placeholders.put("state0_" + i, array(state0[i], n, partWidths[i]));
        }
        for (int t = 0; t < unroll; t++) {
            placeholders.put("gradient_" + t, array(gradients[t], n, 1));
        }
        for (int t = 0; t <= unroll; t++) {
            for (var entry : problem.batchShapes().entrySet()) {
                placeholders.put(batchName(t, entry.getKey()), array(batches.get(t).get(entry.getKey()), entry.getValue()));
            }
        }
        List<String> outputs = new ArrayList<>(List.of(metaLoss, finalTheta));
        outputs.addAll(List.of(finalState));
        Map<String, INDArray> values;
        double[] phiGradient = null;
        if (!withGradient) {
            values = sd.output(placeholders, outputs);
        } else {
            Map<PhiTensor, String> names = new EnumMap<>(PhiTensor.class);
            phi.forEach((t, v) -> names.put(t, v.name()));
            // one forward pass for both the outputs and the backward pass
            OutAndGrad outAndGrad = sd.calculateGradientsAndOutputs(placeholders, outputs, names.values());
            values = outAndGrad.getOutputs();
            Map<String, INDArray> gradientsByName = outAndGrad.getGradients();
            phiGradient = new double[shape.parameterCount()];
            for (PhiTensor t : PhiTensor.values()) {
                double[] g = gradientsByName.get(names.get(t)).ravel().toDoubleVector();
                System.arraycopy(g, 0, phiGradient, t.offset(shape), g.length);
            }
        }
        double[][] stateOut = new double[finalState.length][];
        for (int i = 0; i < finalState.length; i++) {
            stateOut[i] = values.get(finalState[i]).ravel().toDoubleVector();
        }
        return new Result(values.get(metaLoss).getDouble(0), phiGradient,
                values.get(finalTheta).ravel().toDoubleVector(), stateOut);
    }

    private INDArray array(float[] values, long... shape) {
        return Nd4j.create(values, shape, 'c').castTo(type);
    }
}
