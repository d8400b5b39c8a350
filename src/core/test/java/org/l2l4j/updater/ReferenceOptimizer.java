package org.l2l4j.updater;

import org.l2l4j.optimizer.LearnedOptimizer;
import org.l2l4j.optimizer.OptimizerGraph;
import org.l2l4j.optimizer.PhiTensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * The learned optimizer applied to a flat vector of coordinates through its SameDiff definition, keeping the
 * per-coordinate state itself: the independent reference that the DL4J updater is checked against.
 */
final class ReferenceOptimizer {

    private final LearnedOptimizer phi;
    private INDArray[] state;
    /** The index of the next step, which a warm-up reads. */
    private long steps;

    ReferenceOptimizer(LearnedOptimizer phi, int coordinates) {
        this.phi = phi;
        int[] widths = OptimizerGraph.partWidths(phi.shape());
        state = new INDArray[widths.length];
        for (int i = 0; i < widths.length; i++) {
            state[i] = Nd4j.zeros(DataType.FLOAT, coordinates, widths[i]);
        }
    }

    /** Returns g_t, the step the paper adds to θ, and advances the state. */
    float[] step(float[] gradient) {
        SameDiff sd = SameDiff.create();
        Map<PhiTensor, SDVariable> vars = OptimizerGraph.constants(sd, phi, "phi_", DataType.FLOAT);
        SDVariable g = sd.constant("g", Nd4j.create(gradient, new long[]{gradient.length, 1}, 'c'));
        SDVariable[] s = new SDVariable[state.length];
        for (int i = 0; i < state.length; i++) {
            s[i] = sd.constant("s" + i, state[i]);
        }
        SDVariable stepIndex = phi.shape().hasWarmup() ? sd.constant("t", Nd4j.scalar((float) steps)) : null;
        steps++;
        OptimizerGraph.Step step = OptimizerGraph.step(sd, phi.shape(), vars, g, OptimizerGraph.State.of(s), stepIndex);
        SDVariable[] nextVars = step.next().parts();
        String[] names = new String[nextVars.length + 1];
        names[0] = step.step().name();
        for (int i = 0; i < nextVars.length; i++) {
            names[i + 1] = nextVars[i].name();
        }
        Map<String, INDArray> out = sd.output(Map.of(), names);
        for (int i = 0; i < nextVars.length; i++) {
            state[i] = out.get(names[i + 1]).dup();
        }
        return out.get(step.step().name()).ravel().toFloatVector();
    }
}
