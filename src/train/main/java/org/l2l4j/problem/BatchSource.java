package org.l2l4j.problem;

/** The seeded sequence of minibatches of one optimizee run. */
public interface BatchSource {

    /** The next minibatch; its arrays may be reused by the following call. */
    Batch next();
}
