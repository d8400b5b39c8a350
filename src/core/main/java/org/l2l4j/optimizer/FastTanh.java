package org.l2l4j.optimizer;

/**
 * Branch-free tanh and sigmoid for the step kernel. {@link Math#tanh} costs about 100 ns per call on this
 * machine (docs/method.md §4) and the kernel needs 200 of them per coordinate per step; this rational form is plain
 * arithmetic, which the JIT vectorises.
 *
 * <p>tanh(x) ≈ x P(x²) / Q(x²) with P and Q of degree 4 in x², fitted for l2l4j by iteratively reweighted
 * least squares on [0, 9] ({@code docs/derivations/fit_tanh.py}); inputs are clamped to ±9, where tanh
 * rounds to ±1 in float. Maximum absolute error in float arithmetic: 3.4e-7 over all reals.
 */
public final class FastTanh {

    static final float CLAMP = 9f;
    static final float P0 = 0.9999999f;
    static final float P1 = 0.13373311f;
    static final float P2 = 0.003486716f;
    static final float P3 = 2.0473997e-05f;
    static final float P4 = 1.3187152e-08f;
    static final float Q1 = 0.46706608f;
    static final float Q2 = 0.025842492f;
    static final float Q3 = 0.0003271603f;
    static final float Q4 = 7.7038777e-07f;

    private FastTanh() {
    }

    public static float tanh(float x) {
        float c = Math.max(-CLAMP, Math.min(CLAMP, x));
        float y = c * c;
        float p = (((P4 * y + P3) * y + P2) * y + P1) * y + P0;
        float q = (((Q4 * y + Q3) * y + Q2) * y + Q1) * y + 1f;
        return c * p / q;
    }

    /** σ(x) = (1 + tanh(x/2)) / 2: absolute error below 2e-7. */
    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }
}
