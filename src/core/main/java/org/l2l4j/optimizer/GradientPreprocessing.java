package org.l2l4j.optimizer;

/**
 * How a raw gradient coordinate becomes the LSTM's input features.
 *
 * <p>{@link Kind#LOG_SIGN} is the paper's Appendix A preprocessing (Andrychowicz et al. 2016), written in
 * the branch-free form of the reference code: {@code (max(log|g| / p, -1), clamp(g e^p, -1, 1))}. For
 * {@code |g| >= e^-p} this is {@code (log|g| / p, sign g)} and below it {@code (-1, e^p g)}, exactly the
 * paper's two cases. {@link Kind#IDENTITY} feeds the raw gradient, as the paper does for quadratics.
 */
public record GradientPreprocessing(Kind kind, float p) {

    public enum Kind { LOG_SIGN, IDENTITY }

    public GradientPreprocessing {
        if (kind == null) {
            throw new IllegalArgumentException("preprocessing kind must be LOG_SIGN or IDENTITY");
        }
        // IDENTITY ignores p, but a NaN there would not survive a save and load bit for bit (NaNs are canonicalised)
        if (!Float.isFinite(p)) {
            throw new IllegalArgumentException("preprocessing p must be a finite number, got " + p);
        }
        if (kind == Kind.LOG_SIGN && !(p > 0)) {
            throw new IllegalArgumentException("log-sign preprocessing needs p > 0, got " + p);
        }
    }

    /** The paper's preprocessing with its p = 10. */
    public static GradientPreprocessing logSign(float p) {
        return new GradientPreprocessing(Kind.LOG_SIGN, p);
    }

    public static GradientPreprocessing identity() {
        return new GradientPreprocessing(Kind.IDENTITY, 0f);
    }

    /** Number of features per coordinate. */
    public int features() {
        return kind == Kind.LOG_SIGN ? 2 : 1;
    }
}
