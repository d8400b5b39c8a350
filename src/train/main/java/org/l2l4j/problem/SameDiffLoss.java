package org.l2l4j.problem;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * An optimizee's loss f(θ, batch) written as a SameDiff graph: the reference that its fast {@link LossEvaluator}
 * is tested against, and what meta-training's SameDiff engine differentiates. A {@link Problem} may implement
 * it; one that does not can only be meta-trained by the fast engine.
 */
public interface SameDiffLoss {

    /** The length N of θ. */
    int parameterCount();

    /** Name and shape of every array in a {@link Batch}; they become SameDiff placeholders. */
    Map<String, long[]> batchShapes();

    /** f(θ, batch) as a SameDiff subgraph; {@code theta} is [N, 1]. */
    SDVariable loss(SameDiff sd, SDVariable theta, Map<String, SDVariable> batch);
}
