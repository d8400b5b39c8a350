#!/usr/bin/env bash
# Reproduces the evaluations in docs/results/: the shipped MNIST optimizer against SGD, NAG, RMSprop and Adam, each at
# its tuned learning rate, 20 seeds, on the MNIST test split; the mixture optimizer on each network of its mixture;
# and the quadratic optimizer on fresh quadratics.
# Usage: docs/results/run-experiments.sh [QUADRATIC_OPTIMIZER]   (default: docs/results/quadratic/optimizer.l2l)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
quadratic_optimizer="${1:-docs/results/quadratic/optimizer.l2l}"
out=docs/results
./l2l4j evaluate --optimizer pretrained:paper-mnist --problem mnist --steps 100 --seeds 20 --out "$out/mnist-100-steps"
./l2l4j evaluate --optimizer pretrained:paper-mnist --problem mnist --steps 200 --seeds 20 --out "$out/mnist-200-steps"
./l2l4j evaluate --optimizer pretrained:paper-mnist --problem mnist --hidden 40 --seeds 20 --out "$out/mnist-40-units"
./l2l4j evaluate --optimizer pretrained:paper-mnist --problem mnist --hidden 20,20 --seeds 20 --out "$out/mnist-2-layers"
./l2l4j evaluate --optimizer pretrained:paper-mnist --problem mnist --activation relu --seeds 20 --out "$out/mnist-relu"
./l2l4j evaluate --optimizer pretrained:paper-mnist --problem mnist --hidden 40 --activation relu --seeds 20 --out "$out/mnist-40-units-relu"
mixture_optimizer="$out/mixture/optimizer.l2l"
./l2l4j evaluate --optimizer "$mixture_optimizer" --problem mnist --seeds 20 --out "$out/mixture/sigmoid-20"
./l2l4j evaluate --optimizer "$mixture_optimizer" --problem mnist --hidden 40 --seeds 20 --out "$out/mixture/sigmoid-40"
./l2l4j evaluate --optimizer "$mixture_optimizer" --problem mnist --activation relu --seeds 20 --out "$out/mixture/relu-20"
./l2l4j evaluate --optimizer "$mixture_optimizer" --problem mnist --hidden 40 --activation relu --seeds 20 --out "$out/mixture/relu-40"
./l2l4j evaluate --optimizer "$quadratic_optimizer" --problem quadratic --seeds 20 --out "$out/quadratic"
