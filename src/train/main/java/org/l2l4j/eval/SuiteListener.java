package org.l2l4j.eval;

/** Hears a suite's progress, counted in runs (one optimizer at one learning rate over a set of seeds). */
public interface SuiteListener {

    void started(int totalRuns);

    /** {@code runs} more runs are done (several at once when a baseline comes from the cache). */
    void advanced(int runs, String what);

    void caseFinished(CaseResult result);
}
