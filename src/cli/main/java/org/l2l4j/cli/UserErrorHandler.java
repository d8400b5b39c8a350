package org.l2l4j.cli;

import org.l2l4j.data.DatasetException;
import org.l2l4j.io.IoFailure;
import org.l2l4j.memory.InsufficientMemoryException;
import org.l2l4j.optimizer.OptimizerFileException;
import org.l2l4j.spark.SparkSetupException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Problems a user can fix (bad data, a bad optimizer file, a disk error, an unreachable Spark master, a run too
 * large for the memory) are reported as one clear message, not a stack trace; anything else is a bug and keeps its
 * stack trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int USER_ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) throws Exception {
        if (e instanceof InsufficientMemoryException refused) {
            cmd.getErr().println("l2l4j " + cmd.getCommandName() + ": " + MemoryCheck.explain(refused));
            return USER_ERROR;
        }
        if (e instanceof IOException io) {
            cmd.getErr().println("l2l4j " + cmd.getCommandName() + ": " + IoFailure.describe(io));
            return USER_ERROR;
        }
        if (e instanceof UncheckedIOException io) {
            cmd.getErr().println("l2l4j " + cmd.getCommandName() + ": " + IoFailure.describe(io.getCause()));
            return USER_ERROR;
        }
        if (e instanceof DatasetException || e instanceof OptimizerFileException || e instanceof SparkSetupException) {
            cmd.getErr().println("l2l4j " + cmd.getCommandName() + ": " + e.getMessage());
            return USER_ERROR;
        }
        throw e;
    }
}
