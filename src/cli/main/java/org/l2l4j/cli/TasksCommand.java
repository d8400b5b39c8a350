package org.l2l4j.cli;

import org.l2l4j.problem.Task;
import org.l2l4j.problem.Tasks;
import picocli.CommandLine.Command;

import java.util.Locale;

@Command(name = "tasks",
        mixinStandardHelpOptions = true,
        description = {"List the built-in optimizees that --task names, with their parameter counts. Tasks for"
                + " meta-training are kept apart from the held-out ones the generalization suite measures."})
final class TasksCommand implements Runnable {

    @Override
    public void run() {
        for (Task.Role role : Task.Role.values()) {
            System.out.println(role == Task.Role.META_TRAINING ? "For meta-training:" : "Held out (the generalization"
                    + " suite; never meta-train a shipped optimizer on these):");
            for (Task task : Tasks.all()) {
                if (task.role() == role) {
                    System.out.printf(Locale.ROOT, "  %-18s %,9d parameters  %s%n", task.name(), task.parameterCount(),
                            task.description());
                }
            }
        }
    }
}
