#!/usr/bin/env bash
# Runs the whole JMH suite in one JVM fork per benchmark and writes docs/results/benchmarks.md: ratios measured in
# this one run (learned/Adam, kernel/floor), with the machine and JMH settings. Takes about 5 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q install -DskipTests
settings=(-wi 3 -w 2 -i 5 -r 2 -f 1)
# Both optimizers' fit steps run with ND4J's OpenMP workers sleeping instead of spinning between operations, as the
# ./l2l4j launcher runs them (docs/results/benchmarks.md, "The fit-step gap"); the JMH forks inherit it.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# the Spark benchmarks have their own script, benchmarks/spark.sh
excluded=(-e 'Spark')
java -jar benchmarks/target/benchmarks.jar "${settings[@]}" "${excluded[@]}" -rf json -rff benchmarks/target/jmh.json
java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar org.l2l4j.benchmarks.BenchmarkReport \
  benchmarks/target/jmh.json docs/results/benchmarks.md "benchmarks/run.sh (JMH ${settings[*]})"
echo "Wrote docs/results/benchmarks.md"
