package org.l2l4j.problem;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The paper's synthetic task (docs/method.md §2.1): {@code functions} independent quadratics
 * f_b(θ_b) = ||W_b θ_b - y_b||² with θ_b ∈ R^dim, optimised together; the loss is their mean. W and y are drawn
 * uniform in [0, 1) once per run, as the reference code does, and stay the same at every step; θ_0 ~ N(0, 0.01²).
 */
public record QuadraticProblem(int functions, int dim) implements Problem, SameDiffLoss {

    /** The reference code's setting: 128 functions of 10 dimensions. */
    public static final QuadraticProblem PAPER = new QuadraticProblem(128, 10);

    public QuadraticProblem {
        if (functions < 1 || dim < 1) {
            throw new IllegalArgumentException("a quadratic needs at least one function of at least one dimension");
        }
    }

    @Override
    public String describe() {
        return "quadratic " + functions + "x" + dim;
    }

    @Override
    public int parameterCount() {
        return functions * dim;
    }

    @Override
    public float[] initialParameters(long seed) {
        return ReferenceInit.parameters(parameterCount(), seed);
    }

    @Override
    public BatchSource batches(long seed) {
        SplittableRandom random = new SplittableRandom(~seed);
        float[] w = new float[functions * dim * dim];
        float[] y = new float[functions * dim];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextDouble();
        }
        Batch batch = new Batch(Map.of("w", w, "y", y));
        return () -> batch;
    }

    @Override
    public Map<String, long[]> batchShapes() {
        return Map.of("w", new long[]{functions, dim, dim}, "y", new long[]{functions, dim});
    }

    @Override
    public SDVariable loss(SameDiff sd, SDVariable theta, Map<String, SDVariable> batch) {
        SDVariable thetaRows = theta.reshape(functions, 1, dim);
        SDVariable residual = batch.get("w").mul(thetaRows).sum(2).sub(batch.get("y"));
        return residual.mul(residual).sum(1).mean(0);
    }

    /** The run's quadratics are its whole data: the final loss is f(θ) itself. */
    @Override
    public FinalMetrics finalMetrics(float[] theta, long seed) {
        double loss = evaluator().lossAndGradient(theta, batches(seed).next(), new float[theta.length]);
        return new FinalMetrics(loss, Double.NaN);
    }

    /** ∇_{θ_b} = (2 / functions) W_bᵀ (W_b θ_b - y_b). */
    @Override
    public LossEvaluator evaluator() {
        double[] residual = new double[dim];
        return (theta, batch, gradient) -> {
            float[] w = batch.get("w");
            float[] y = batch.get("y");
            double loss = 0;
            double scale = 2.0 / functions;
            for (int b = 0; b < functions; b++) {
                int t = b * dim;
                for (int i = 0; i < dim; i++) {
                    double r = -y[t + i];
                    int row = (b * dim + i) * dim;
                    for (int k = 0; k < dim; k++) {
                        r += (double) w[row + k] * theta[t + k];
                    }
                    residual[i] = r;
                    loss += r * r;
                }
                for (int k = 0; k < dim; k++) {
                    double g = 0;
                    for (int i = 0; i < dim; i++) {
                        g += (double) w[(b * dim + i) * dim + k] * residual[i];
                    }
                    gradient[t + k] = (float) (scale * g);
                }
            }
            return loss / functions;
        };
    }
}
