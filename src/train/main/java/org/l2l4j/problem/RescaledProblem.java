package org.l2l4j.problem;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Augmentation for meta-training: an optimizee reparameterised as θ = s ⊙ θ̃ with random scales s, so the
 * optimizer meets gradients and curvatures of many more scales than the task alone has (Lv et al. 2017 rescale
 * the objective's coordinates; Celo, Moudgil et al. 2024, rescale weights at parameter, tensor or global level).
 * Each run draws its scales from its seed: one scale for all of θ or one per parameter (each half of the runs),
 * log-uniform in [e^−r, e^r]. The optimizer sees θ̃ and ∇_θ̃ f = s ⊙ ∇_θ f; the loss is the task's own.
 *
 * <p>The scales travel with the run's minibatches (an extra array in each {@link Batch}), so the evaluator, which
 * is shared by every run on its thread, knows which run a call belongs to.
 */
public final class RescaledProblem implements Problem {

    /** The batch array that carries the run's scales. */
    static final String SCALES = "rescaled-problem-scales";

    private final Problem task;
    private final double range;

    /** @param range r: scales lie in [e^−r, e^r]; r > 0 */
    public RescaledProblem(Problem task, double range) {
        if (!(range > 0 && range <= 10)) {
            throw new IllegalArgumentException("the rescaling range r must be in (0, 10], got " + range);
        }
        this.task = task;
        this.range = range;
    }

    /** The scales of the run with this seed. */
    float[] scales(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5ca1ab1eL);
        float[] scales = new float[task.parameterCount()];
        boolean perParameter = random.nextBoolean();
        float global = (float) Math.exp(random.nextDouble(-range, range));
        for (int i = 0; i < scales.length; i++) {
            scales[i] = perParameter ? (float) Math.exp(random.nextDouble(-range, range)) : global;
        }
        return scales;
    }

    @Override
    public String describe() {
        return task.describe() + ", reparameterised by random scales in [e^-" + range + ", e^" + range + "]";
    }

    @Override
    public int parameterCount() {
        return task.parameterCount();
    }

    @Override
    public float[] initialParameters(long seed) {
        float[] theta = task.initialParameters(seed);
        float[] scales = scales(seed);
        for (int i = 0; i < theta.length; i++) {
            theta[i] /= scales[i];
        }
        return theta;
    }

    @Override
    public BatchSource batches(long seed) {
        BatchSource batches = task.batches(seed);
        float[] scales = scales(seed);
        Map<String, float[]> arrays = new HashMap<>();
        Batch batch = new Batch(arrays);
        return () -> {
            arrays.clear();
            arrays.putAll(batches.next().arrays());
            arrays.put(SCALES, scales);
            return batch;
        };
    }

    @Override
    public LossEvaluator evaluator() {
        LossEvaluator evaluator = task.evaluator();
        float[] theta = new float[task.parameterCount()];
        return (rescaled, batch, gradient) -> {
            float[] scales = batch.get(SCALES);
            for (int i = 0; i < theta.length; i++) {
                theta[i] = scales[i] * rescaled[i];
            }
            double loss = evaluator.lossAndGradient(theta, batch, gradient);
            for (int i = 0; i < theta.length; i++) {
                gradient[i] *= scales[i];
            }
            return loss;
        };
    }

    @Override
    public FinalMetrics finalMetrics(float[] rescaled, long seed) {
        float[] scales = scales(seed);
        float[] theta = new float[rescaled.length];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = scales[i] * rescaled[i];
        }
        return task.finalMetrics(theta, seed);
    }
}
