package org.l2l4j.problem;

/** How a run ended: the loss on the whole evaluation data and, for classifiers, the accuracy (else NaN). */
public record FinalMetrics(double loss, double accuracy) {
}
