package org.l2l4j.spark;

/** Spark could not be set up for meta-training: a bad master URL or setting, an unreachable or refusing master. */
public class SparkSetupException extends RuntimeException {

    public SparkSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
