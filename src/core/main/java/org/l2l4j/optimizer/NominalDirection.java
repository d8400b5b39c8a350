package org.l2l4j.optimizer;

/**
 * How the general optimizer turns its two LSTM outputs o₁, o₂ into a step around a hand-designed direction
 * (Metz et al. 2020/2022): step = −η · e^(c·tanh o₂) · (d + α·tanh o₁), where d = m/(√v + ε) is Adam's
 * direction from the moments of {@link GradientPreprocessing.Kind#MOMENTS} and η is the shape's output scale.
 * With both outputs at zero the step is Adam's at learning rate η; whatever the LSTM outputs, the step length
 * stays within e^±c of η times |d| + α, so a case unlike any it was trained on degrades toward Adam rather than
 * diverging (the bounded update of Lv et al. 2017).
 *
 * @param scaleRange   c: the learned factor on η lies in [e^−c, e^c]
 * @param learnedShare α: how much the learned direction tanh o₁ can add to d
 */
public record NominalDirection(float scaleRange, float learnedShare) {

    public NominalDirection {
        if (!(scaleRange >= 0 && scaleRange <= 10)) {
            throw new IllegalArgumentException("the nominal direction's scale range c must be in [0, 10], got "
                    + scaleRange);
        }
        if (!(learnedShare >= 0 && learnedShare <= 10)) {
            throw new IllegalArgumentException("the nominal direction's learned share α must be in [0, 10], got "
                    + learnedShare);
        }
    }
}
