package org.l2l4j.eval;

import java.util.List;

/** A whole suite: its cases' results and the geometric mean of their ratios. */
public record SuiteResult(String suite, boolean quick, int seeds, List<CaseResult> cases) {

    /** exp(mean(log ratio)): one number for the suite; infinite if the learned optimizer diverged on a case. */
    public double geometricMeanRatio() {
        double sum = 0;
        for (CaseResult c : cases) {
            sum += Math.log(c.ratio());
        }
        return Math.exp(sum / cases.size());
    }
}
