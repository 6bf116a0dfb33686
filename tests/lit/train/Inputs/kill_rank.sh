#!/bin/bash
# Usage: MPIRUN="mpirun ..." kill_rank.sh INPUTS_DIR
# Starts `mpirun -np 2 kiln train` on a long run, kills rank 1 with SIGKILL
# once both ranks train, and prints mpirun's output and how it ended: the
# surviving rank must not hang (the caller bounds the whole run).
inputs="$1"
$MPIRUN -np 2 kiln train "$inputs/mlp.py" --data "$inputs/digits.npz" \
  --epochs 100000 --threads 1 > /dev/null 2> "$TMPDIR/kill_rank.err" &
mpirun_pid=$!
victim=""
for _ in $(seq 300); do
  for pid in $(pgrep -f "kiln train $inputs/mlp.py"); do
    if tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null |
        grep -qx 'OMPI_COMM_WORLD_RANK=1'; then
      victim=$pid
    fi
  done
  [ -n "$victim" ] && break
  sleep 0.1
done
if [ -z "$victim" ]; then
  echo "rank 1 never started"
  kill "$mpirun_pid"
  exit 1
fi
sleep 2 # both ranks are past start-up and training
start=$(date +%s)
kill -9 "$victim"
wait "$mpirun_pid"
status=$?
echo "mpirun exited with status $status after $(( $(date +%s) - start )) s"
cat "$TMPDIR/kill_rank.err"
