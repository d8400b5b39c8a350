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
    private final int hidden;
    private INDArray[] state;

    ReferenceOptimizer(LearnedOptimizer phi, int coordinates) {
        this.phi = phi;
        this.hidden = phi.shape().hiddenSize();
        state = new INDArray[4];
        for (int i = 0; i < 4; i++) {
            state[i] = Nd4j.zeros(DataType.FLOAT, coordinates, hidden);
        }
    }

    /** Returns g_t, the step the paper adds to θ, and advances the state. */
    float[] step(float[] gradient) {
        SameDiff sd = SameDiff.create();
        Map<PhiTensor, SDVariable> vars = OptimizerGraph.constants(sd, phi, "phi_", DataType.FLOAT);
        SDVariable g = sd.constant("g", Nd4j.create(gradient, new long[]{gradient.length, 1}, 'c'));
        SDVariable[] s = new SDVariable[4];
        for (int i = 0; i < 4; i++) {
            s[i] = sd.constant("s" + i, state[i]);
        }
        OptimizerGraph.Step step = OptimizerGraph.step(sd, phi.shape(), vars, g, new OptimizerGraph.State(s[0], s[1], s[2], s[3]));
        OptimizerGraph.State next = step.next();
        SDVariable[] nextVars = {next.h1(), next.c1(), next.h2(), next.c2()};
        Map<String, INDArray> out = sd.output(Map.of(), step.step().name(), nextVars[0].name(), nextVars[1].name(),
                nextVars[2].name(), nextVars[3].name());
        for (int i = 0; i < 4; i++) {
            state[i] = out.get(nextVars[i].name()).dup();
        }
        return out.get(step.step().name()).ravel().toFloatVector();
    }
}
