package org.l2l4j.meta;

import java.io.Serializable;

/** What one run's truncation gives meta-training: its meta-loss Σ_t f(θ_t) and the first-order dL/dφ. */
public record RunGradient(double metaLoss, double[] phiGradient) implements Serializable {
}
