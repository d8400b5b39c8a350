package org.l2l4j.spark;

import org.apache.spark.launcher.JavaModuleOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on this machine for tests: a master and workers, each its own JVM running Spark's
 * own {@code Master} and {@code Worker} classes, bound to 127.0.0.1 on ephemeral ports, with small heaps. The
 * workers launch executors with the driver's class path ({@link SparkContexts#configuration}). Closing it kills
 * every JVM it started, executors included; a shutdown hook does the same if the test JVM exits first.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path properties;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final Thread killer = new Thread(this::killAll, "kill the test cluster");
    private final String masterUrl;

    /** Starts a master and {@code workerCount} workers of one core each, with {@code settings} for all of them. */
    StandaloneCluster(Path dir, int workerCount, Map<String, String> settings) throws IOException, InterruptedException {
        this.dir = dir;
        Runtime.getRuntime().addShutdownHook(killer);
        // The worker builds executor commands as a Spark distribution would; an empty jars/ folder stands for one.
        Files.createDirectories(dir.resolve("jars"));
        properties = dir.resolve("spark.properties");
        Properties conf = new Properties();
        conf.putAll(settings);
        try (var out = Files.newBufferedWriter(properties)) {
            conf.store(out, "test cluster");
        }
        try {
            Process master = launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", "0", "--webui-port", "0", "--properties-file", properties.toString());
            Matcher url = awaitLog("master", MASTER_URL, master);
            masterUrl = url.group(1);
            for (int w = 0; w < workerCount; w++) {
                Path workDir = Files.createDirectories(dir.resolve("work-" + w));
                String name = "worker-" + w;
                Process worker = launch(name, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g",
                        "--work-dir", workDir.toString(), "--properties-file", properties.toString(), masterUrl);
                workers.add(worker);
                awaitLog(name, Pattern.compile("Successfully registered with master"), worker);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** Kills worker {@code w}'s JVM and the executor JVMs it launched, as a machine failing would. */
    void killWorker(int w) throws InterruptedException {
        kill(workers.get(w));
    }

    /** The logs of every JVM, executors included, for a failing test's report. */
    String logs() {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log") || f.getFileName().toString()
                    .equals("stderr")).toList()) {
                List<String> lines = Files.readAllLines(file);
                all.append("==> ").append(file).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())))
                        .append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all.toString();
    }

    @Override
    public void close() throws InterruptedException {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private Process launch(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptions().split(" ")));
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", dir.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private Matcher awaitLog(String name, Pattern pattern, Process process) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (matcher.find()) {
                return matcher;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the test cluster's " + name + " exited:\n" + logs());
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the test cluster's " + name + " did not start within " + START_TIMEOUT
                + ":\n" + logs());
    }

    private void killAll() {
        for (Process process : processes) {
            try {
                kill(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle child : children) {
            child.onExit().join();
        }
    }
}
