#!/bin/bash
# Runs a dgenerate script over N Slurm array tasks: task K of N makes every Nth generation step
# (dgenerate's --shard K/N), and together the tasks write exactly the files one run writes.
# The output folder must be on storage every node sees.
#
#   sbatch --array=1-4 examples/cluster/slurm-array.sh script.dgen
#
# DGENERATE names the executable (default: dgenerate on PATH).
#SBATCH --job-name=dgenerate
#SBATCH --output=dgenerate-%A_%a.log
set -euo pipefail
script=${1:?usage: sbatch --array=1-N slurm-array.sh SCRIPT.dgen}
count=${SLURM_ARRAY_TASK_COUNT:?run this as an array job: sbatch --array=1-N}
index=$(( SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-1} + 1 ))
exec "${DGENERATE:-dgenerate}" --file "$script" --shard "$index/$count"
