#!/usr/bin/env bash
# Measures how long `ferry repl` takes from launch to its first prompt, in a real terminal (tmux),
# over several runs, and writes the median into BENCHMARKS.md between the repl markers.
#
#   benchmarks/repl-startup.sh [RUNS]        (default 7; needs tmux and repl/target/ferry.jar)
#
# Each run starts `java -jar repl/target/ferry.jar repl` in a new detached tmux session and polls the
# pane every 10 ms until a line starts with "ferry>". The figure includes tmux starting the session, so it
# errs on the slow side.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/repl/target/ferry.jar"
runs="${1:-7}"
command -v tmux >/dev/null || { echo "repl-startup: tmux is not on PATH; install it (apt-get install tmux)" >&2; exit 2; }
[[ -f "$jar" ]] || { echo "repl-startup: $jar is missing; build it with: mvn -B -o package -DskipTests -pl repl -am" >&2; exit 2; }

load="$(cut -d' ' -f1-3 /proc/loadavg)"
work="$(mktemp -d)"
session="ferry-startup-$$"
tm() { tmux -L "$session" "$@"; }   # a server of its own, so that no other tmux session is touched
trap 'tm kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
times=()
cpus=()
ticks=$(getconf CLK_TCK)
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s%N)
  tm new-session -d -s "$session" -x 120 -y 30 -c "$work" \
    "FERRY_REPL_HISTORY=$work/history FERRY_JOURNAL_KEY_FILE=$work/journal.key java -jar '$jar' repl"
  until tm capture-pane -p -t "$session" 2>/dev/null | grep -q '^ferry>'; do
    sleep 0.01
    if (( ($(date +%s%N) - start) / 1000000 > 30000 )); then
      echo "repl-startup: no prompt within 30 s; the pane shows:" >&2
      tm capture-pane -p -t "$session" >&2 || true
      tm kill-session -t "$session" 2>/dev/null || true
      exit 1
    fi
  done
  end=$(date +%s%N)
  # The pane's process is the JVM (env execs java); its user and system time so far, every thread's.
  pid=$(tm display-message -p -t "$session" '#{pane_pid}')
  cpu=$(awk -v t="$ticks" '{print int(($14 + $15) * 1000 / t)}' "/proc/$pid/stat")
  tm kill-session -t "$session"
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  cpus+=("$cpu")
  echo "run $i: first prompt after $ms ms, $cpu ms of CPU"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
median=$(median "${times[@]}")
cpumedian=$(median "${cpus[@]}")
cores=$(nproc)
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
mem=$(awk '/MemTotal/ {printf "%d GiB", $2/1024/1024}' /proc/meminfo)
javaversion=$(java -version 2>&1 | head -1 | sed 's/.*"\(.*\)".*/\1/')
echo "median: $median ms over $runs runs, $cpumedian ms of CPU"

section=$(cat <<MD
<!-- repl:begin -->
## REPL start-up

Command: \`benchmarks/repl-startup.sh $runs\` (after \`mvn -B -o package -DskipTests -pl repl -am\`). Measured $(date -u +%F) on $cores cores ($cpu), $mem, Java $javaversion; load average (1, 5, 15 min) $load when it started, on a machine shared with other work, so the figure is wall-clock time under that load.

| measure | runs | median | all runs (ms) | aim |
|---|---:|---:|---|---:|
| \`java -jar repl/target/ferry.jar repl\` to the first \`ferry> \` prompt, in tmux (wall clock) | $runs | $median ms | ${times[*]} | 1500 ms |
| CPU time the JVM spent until then, all its threads (user + system) | $runs | $cpumedian ms | ${cpus[*]} | |

Wall-clock time here grows with the load of the machine; CPU time hardly does, so it is the figure
that compares between runs on a busy machine. A process that spends this much CPU time and waits
for nothing else shows its prompt within about that time on an idle machine, less where its threads
run side by side on the two cores.

<!-- repl:end -->
MD
)
bench="$root/BENCHMARKS.md"
if grep -q '<!-- repl:begin -->' "$bench"; then
  rewritten="$work/bench.md"
  awk -v section="$section" '
    /<!-- repl:begin -->/ { print section; skip = 1; next }
    /<!-- repl:end -->/ { skip = 0; next }
    !skip { print }' "$bench" > "$rewritten"
  cp "$rewritten" "$bench"
else
  printf '\n%s\n' "$section" >> "$bench"
fi
