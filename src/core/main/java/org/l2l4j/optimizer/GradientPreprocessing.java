package org.l2l4j.optimizer;

/**
 * How a raw gradient coordinate becomes the LSTM's input features.
 *
 * <p>{@link Kind#LOG_SIGN} is the paper's Appendix A preprocessing (Andrychowicz et al. 2016), written in
 * the branch-free form of the reference code: {@code (max(log|g| / p, -1), clamp(g e^p, -1, 1))}. For
 * {@code |g| >= e^-p} this is {@code (log|g| / p, sign g)} and below it {@code (-1, e^p g)}, exactly the
 * paper's two cases. {@link Kind#IDENTITY} feeds the raw gradient, as the paper does for quadratics.
 *
 * <p>{@link Kind#MOMENTS} is the general optimizer's: it keeps, per coordinate, two momenta m₁ (β 0.9) and m₂
 * (β 0.99) and a second moment v (β 0.999), and feeds the scale-free g/s, m₁/s, m₂/s with s = √v + ε (Lv et
 * al. 2017; Metz et al. 2022), plus log(s)/p, which tells the LSTM the gradient's scale. A coordinate's moments
 * start at its first non-zero gradient (m = g, v = g²: where v is still zero), which is what Adam's bias
 * correction gives at its first step, without a step counter. The moments are functions of the gradients
 * only, so under the first-order meta-gradient they are constants, like the gradients themselves.
 */
public record GradientPreprocessing(Kind kind, float p) {

    public enum Kind { LOG_SIGN, IDENTITY, MOMENTS }

    public GradientPreprocessing {
        if (kind == null) {
            throw new IllegalArgumentException("preprocessing kind must be LOG_SIGN, IDENTITY or MOMENTS");
        }
        // IDENTITY ignores p, but a NaN there would not survive a save and load bit for bit (NaNs are canonicalised)
        if (!Float.isFinite(p)) {
            throw new IllegalArgumentException("preprocessing p must be a finite number, got " + p);
        }
        if (kind != Kind.IDENTITY && !(p > 0)) {
            throw new IllegalArgumentException(kind + " preprocessing needs p > 0, got " + p);
        }
    }

    /** The paper's preprocessing with its p = 10. */
    public static GradientPreprocessing logSign(float p) {
        return new GradientPreprocessing(Kind.LOG_SIGN, p);
    }

    /** The moment features, their scale feature divided by p. */
    public static GradientPreprocessing moments(float p) {
        return new GradientPreprocessing(Kind.MOMENTS, p);
    }

    public static GradientPreprocessing identity() {
        return new GradientPreprocessing(Kind.IDENTITY, 0f);
    }

    /** β of the fast momentum m₁, whose m₁/s is also the nominal direction d ({@link NominalDirection}). */
    public static final float FAST_MOMENTUM = 0.9f;
    /** β of the slow momentum m₂. */
    public static final float SLOW_MOMENTUM = 0.99f;
    /** β of the second moment v. */
    public static final float SECOND_MOMENT = 0.999f;
    /** ε of s = √v + ε, Adam's. */
    public static final float EPSILON = 1e-8f;
    /**
     * The moments and the moment features read the gradient clamped to ±1e19. g² of a larger gradient overflows a
     * float (√{@link Float#MAX_VALUE} ≈ 1.8e19), and an infinite v would stay infinite: the coordinate's features
     * would be 0 and ∞ from then on, whatever its gradients. A gradient beyond the bound counts as one at the
     * bound, so the normalised features stay near ±1, as they are for any large gradient.
     */
    public static final float MOMENT_GRADIENT_BOUND = 1e19f;

    /** Index of m₁/s among the {@link Kind#MOMENTS} features: the nominal direction. */
    public static final int NOMINAL_FEATURE = 1;

    /** Number of features per coordinate. */
    public int features() {
        return switch (kind) {
            case LOG_SIGN -> 2;
            case IDENTITY -> 1;
            case MOMENTS -> 4;
        };
    }

    /** Floats of state per coordinate the preprocessing keeps: m₁, m₂, v for {@link Kind#MOMENTS}, else none. */
    public int stateRows() {
        return kind == Kind.MOMENTS ? 3 : 0;
    }
}
