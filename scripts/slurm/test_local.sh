#!/usr/bin/env bash
# Run a real one-node Slurm cluster on this machine and check accord's sharded
# sweep on it: a job array of `accord sweep --shard I/N` (scripts/slurm/sweep.sbatch)
# plus a dependent `accord merge` (scripts/slurm/merge.sbatch) must give the same
# table as one local unsharded `accord sweep`. Also checked: re-running one array
# task alone (as after a failure) and merging again gives the same table; a
# missing shard makes the merge job fail and name that shard.
#
#   scripts/slurm/test_local.sh [--smoke] [ACCORD_BINARY]
#
# --smoke          only bring the cluster up and run a trivial array + dependent job
# ACCORD_BINARY    the accord binary (also $ACCORD_BIN); default: cargo build
#                  --release and use $CARGO_TARGET_DIR/release/accord
#
# Needs root on Debian 12 (or similar): it apt-get installs slurmctld, slurmd,
# slurm-client and munge when missing (--no-install-recommends), then runs its own
# munged, slurmctld and slurmd in the foreground in the background, as root, with a
# private munge key, socket, config, state and logs under $ACCORD_SLURM_DIR
# (default /tmp/accord-slurm-test) and ports 16817/16818 (ACCORD_SLURM_PORT,
# ACCORD_SLURMD_PORT), so a system Slurm or munge is left alone. No cgroups:
# proctrack/linuxproc, task/none, no accounting.
#
# On exit (also on error, Ctrl-C or SIGTERM) it cancels its jobs and stops exactly
# the daemons it started, by their recorded PIDs. A run that was SIGKILLed leaves
# its PIDs (and a per-run token in each daemon's environment) in the state folder;
# the next run stops those before starting, so the script can be re-run at will.
# Every wait has a deadline (ACCORD_SLURM_TIMEOUT seconds overall, default 480).
set -euo pipefail

die() { printf 'test_local.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '[slurm-test %3ss] %s\n' "$SECONDS" "$*"; }

smoke=0
accord_bin=${ACCORD_BIN:-}
while [ "$#" -gt 0 ]; do
  case $1 in
    --smoke) smoke=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) accord_bin=$1 ;;
  esac
  shift
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${ACCORD_SLURM_DIR:-/tmp/accord-slurm-test}
ctld_port=${ACCORD_SLURM_PORT:-16817}
slurmd_port=${ACCORD_SLURMD_PORT:-16818}
timeout_s=${ACCORD_SLURM_TIMEOUT:-480}
deadline=$((SECONDS + timeout_s))
shards=3 # array tasks in the sweep test

[ "$(id -u)" -eq 0 ] || die "must run as root (it installs packages and starts munged, slurmctld and slurmd)"
case $work in /tmp/?*) ;; *) die "ACCORD_SLURM_DIR must be under /tmp (it is removed at each start): $work" ;; esac

# One run at a time: a second one would reuse the ports and the state folder.
# (Waits a little: a run killed with SIGKILL can leave a child holding the lock
# for a moment.)
exec 9>"$work.lock"
flock -w 30 9 || die "another test_local.sh holds $work.lock"

# ---------------------------------------------------------------- packages
need_install=0
for cmd in munged mungekey munge slurmctld slurmd sbatch squeue sinfo scontrol scancel; do
  command -v "$cmd" >/dev/null 2>&1 || need_install=1
done
if [ "$need_install" -eq 1 ]; then
  command -v apt-get >/dev/null 2>&1 || die "Slurm or munge missing and no apt-get to install them"
  log "installing slurmctld slurmd slurm-client munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client munge >/dev/null
fi
log "$(slurmctld -V), $(munged -V 2>&1 | head -n1)"

# ---------------------------------------------------------------- accord binary
if [ "$smoke" -eq 0 ]; then
  if [ -z "$accord_bin" ]; then
    log "building accord (cargo build --release)"
    (cd "$repo" && cargo build --release --quiet)
    accord_bin=${CARGO_TARGET_DIR:-$repo/target}/release/accord
    case $accord_bin in /*) ;; *) accord_bin=$repo/$accord_bin ;; esac
  fi
  [ -x "$accord_bin" ] || die "no accord binary at $accord_bin"
  accord_bin=$(cd "$(dirname "$accord_bin")" && pwd)/$(basename "$accord_bin")
  "$accord_bin" sweep --help >/dev/null 2>&1 || die "$accord_bin has no 'sweep' command"
fi

# ---------------------------------------------------------------- stopping daemons
# Which processes are ours: the daemons this run started are its children
# (their PIDs cannot be reused before this shell reaps them). A PID recorded by
# an earlier run that was killed may belong to something else by now, so such
# a process counts only if its environment carries that run's token (which the
# daemons, and the slurmstepd they start, inherit).
running() { # PID: exists and is not a zombie
  local st
  st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "${st%% *}" != Z ]
}
has_token() { # PID TOKEN
  { tr '\0' '\n' <"/proc/$1/environ"; } 2>/dev/null | grep -qxF "ACCORD_SLURM_TEST_TOKEN=$2"
}
owned() { # PID MODE TOKEN; MODE: child (this run) or token (an earlier run)
  running "$1" && { [ "$2" = child ] || has_token "$1" "$3"; }
}

stop_pid() { # NAME PID MODE TOKEN: TERM, wait up to 10 s, then KILL
  local name=$1 pid=$2 mode=$3 token=$4 i
  owned "$pid" "$mode" "$token" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 50); do
    owned "$pid" "$mode" "$token" || { log "stopped $name (pid $pid)"; return 0; }
    sleep 0.2
  done
  log "$name (pid $pid) ignored SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for i in $(seq 1 25); do owned "$pid" "$mode" "$token" || return 0; sleep 0.2; done
  log "WARNING: $name (pid $pid) is still running"
}

# Stop what the run whose state lives in DIR started: its jobs, then slurmd,
# slurmctld and munged, then any slurmstepd of its left behind.
stop_cluster() { # DIR MODE
  local dir=$1 mode=$2 token name pid i
  [ -f "$dir/token" ] || return 0
  token=$(cat "$dir/token")
  if [ -f "$dir/pids/slurmctld" ] && owned "$(cat "$dir/pids/slurmctld")" "$mode" "$token"; then
    if SLURM_CONF=$dir/etc/slurm.conf timeout 10 scancel --quiet --full --user=root 2>/dev/null; then
      for i in $(seq 1 30); do
        [ -z "$(SLURM_CONF=$dir/etc/slurm.conf timeout 5 squeue -h -o %i 2>/dev/null || true)" ] && break
        sleep 0.5
      done
    fi
  fi
  for name in slurmd slurmctld munged; do
    if [ -f "$dir/pids/$name" ]; then
      stop_pid "$name" "$(cat "$dir/pids/$name")" "$mode" "$token"
    fi
  done
  for pid in /proc/[0-9]*; do
    pid=${pid#/proc/}
    if [ "$pid" != "$$" ] && owned "$pid" token "$token"; then
      stop_pid "leftover $(cat "/proc/$pid/comm" 2>/dev/null)" "$pid" token "$token"
    fi
  done
  rm -f "$dir/token"
}

dump_logs() {
  local f
  for f in "$work"/log/slurmctld.log "$work"/log/slurmd.log "$work"/log/munged.stderr "$work"/jobs/*.out; do
    [ -s "$f" ] || continue
    printf '\n----- %s (last 40 lines) -----\n' "$f"
    tail -n 40 "$f"
  done
}

cleanup() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ]; then
    log "FAILED (exit $status); logs:"
    dump_logs
  fi
  stop_cluster "$work" child
  exit "$status"
}

# A killed earlier run may have left daemons: stop those (by their recorded
# PIDs and token) before removing its state.
if [ -d "$work" ]; then
  stop_cluster "$work" token
  rm -rf "$work"
fi
mkdir -p "$work"/{etc,state,spool,log,pids,jobs,munge-key,munge-run}
chmod 755 "$work" "$work/munge-run" # munged wants its socket folder world-traversable
chmod 700 "$work/munge-key"
token="$$-$(date +%s%N)"
printf '%s\n' "$token" >"$work/token"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

left() { echo $((deadline - SECONDS)); }
wait_until() { # DESCRIPTION SECONDS COMMAND...: poll until COMMAND succeeds
  local what=$1 limit=$2
  shift 2
  local until=$((SECONDS + limit))
  [ "$until" -le "$deadline" ] || until=$deadline
  until "$@"; do
    [ "$SECONDS" -lt "$until" ] || die "timed out waiting for $what"
    sleep 0.5
  done
}

start_daemon() { # NAME COMMAND...: run in the foreground mode, in the background
  local name=$1
  shift
  # (fd 9, the lock, stays with this script: a daemon left by a killed run must
  # not keep the next run out)
  ACCORD_SLURM_TEST_TOKEN=$token "$@" >"$work/log/$name.stderr" 2>&1 9>&- &
  printf '%s\n' "$!" >"$work/pids/$name"
  log "started $name (pid $!)"
}
alive() { running "$(cat "$work/pids/$1")" || die "$1 exited: $(tail -n 5 "$work/log/$1.stderr")"; }

# ---------------------------------------------------------------- munge
sock=$work/munge-run/munge.socket
mungekey --create --keyfile="$work/munge-key/munge.key" >/dev/null
chmod 400 "$work/munge-key/munge.key"
start_daemon munged munged --foreground --socket="$sock" --key-file="$work/munge-key/munge.key" \
  --pid-file="$work/munge-run/munged.pid" --seed-file="$work/munge-key/munged.seed"
munge_ok() { alive munged; munge -S "$sock" -n 2>/dev/null | unmunge -S "$sock" >/dev/null 2>&1; }
wait_until "munged" 20 munge_ok

# ---------------------------------------------------------------- slurm.conf
# Ports: the configured ones, or the next free pair if something else listens there.
port_free() { ! command -v ss >/dev/null 2>&1 || [ -z "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }
for i in $(seq 0 20); do
  if port_free $((ctld_port + 2 * i)) && port_free $((slurmd_port + 2 * i)); then
    ctld_port=$((ctld_port + 2 * i)) slurmd_port=$((slurmd_port + 2 * i))
    break
  fi
done
node=$(hostname -s)
[ -n "$node" ] || die "hostname -s is empty"
export SLURM_CONF=$work/etc/slurm.conf
cat >"$SLURM_CONF" <<EOF
# Written by scripts/slurm/test_local.sh: a throw-away one-node cluster.
ClusterName=accordtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$sock
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/log/slurmctld.pid
SlurmdPidFile=$work/log/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
# No cgroups (containers often lack them): plain process tracking, no task binding.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# Keep finished jobs visible to scontrol (no accounting database here).
MinJobAge=900
# A merge whose afterok dependency can never be met is cancelled, not left pending.
DependencyParameters=kill_invalid_depend
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

# ---------------------------------------------------------------- slurmctld, slurmd
start_daemon slurmctld slurmctld -D -i -f "$SLURM_CONF"
ctld_ok() { alive slurmctld; scontrol ping 2>/dev/null | grep -q 'is UP'; }
wait_until "slurmctld to answer" 30 ctld_ok
start_daemon slurmd slurmd -D -f "$SLURM_CONF" -N "$node"
node_idle() { alive slurmd; [ "$(sinfo -h -N -n "$node" -o %t 2>/dev/null)" = idle ]; }
wait_until "node $node to be idle in sinfo" 60 node_idle
log "cluster up (ports $ctld_port, $slurmd_port): $(sinfo -h -o '%P %a %D %t %N')"

# ---------------------------------------------------------------- job helpers
jobs_gone() { [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; }
# Wait until none of the JOBIDs is in the queue.
wait_jobs() { # JOBID...
  local ids
  ids=$(IFS=,; echo "$*")
  wait_until "jobs $ids" "$(left)" jobs_gone "$ids"
}
# One line per job (or array task): "ID STATE EXITCODE".
job_states() { # JOBID...
  local id
  for id in "$@"; do
    scontrol -o show job "$id" | awk '{
      id = ""; task = ""; state = ""; code = ""
      for (i = 1; i <= NF; i++) {
        split($i, kv, "=")
        if (kv[1] == "JobId" && id == "") id = kv[2]
        else if (kv[1] == "ArrayJobId") id = kv[2]
        else if (kv[1] == "ArrayTaskId") task = "_" kv[2]
        else if (kv[1] == "JobState") state = kv[2]
        else if (kv[1] == "ExitCode") code = kv[2]
      }
      print id task, state, code
    }'
  done
}
# Each job (each array task) of JOBIDs must have STATE.
expect_jobs() { # STATE JOBID...
  local want=$1 states bad
  shift
  wait_jobs "$@"
  states=$(job_states "$@")
  bad=$(awk -v w="$want" '$2 != w' <<<"$states")
  if [ -n "$bad" ]; then
    printf '%s\n' "$states" >&2
    die "expected every job of $* to be $want"
  fi
}

# ---------------------------------------------------------------- smoke test
if [ "$smoke" -eq 1 ]; then
  # shellcheck disable=SC2016 # expanded by the job, not here
  jid=$(sbatch --parsable --array=0-2 --output="$work/jobs/smoke-%A_%a.out" \
    --wrap 'echo "task $SLURM_ARRAY_TASK_ID on $(hostname -s)"')
  mid=$(sbatch --parsable --dependency="afterok:$jid" --output="$work/jobs/smoke-merge-%j.out" \
    --wrap "cat $work/jobs/smoke-${jid}_*.out")
  expect_jobs COMPLETED "$jid" "$mid"
  for i in 0 1 2; do
    grep -qx "task $i on $node" "$work/jobs/smoke-merge-$mid.out" || die "task $i missing from the dependent job's output"
  done
  log "smoke test passed: array $jid (3 tasks) then dependent job $mid"
  exit 0
fi

# ---------------------------------------------------------------- the sweep
model=$repo/models/central_asia.toml
# A small file by default: the 24 scenarios of data/central_asia/scenarios.csv
# take about 100 CPU-seconds on microlp, and the test solves them twice
# (sharded and local) plus a re-run task. ACCORD_SLURM_SCENARIOS picks another.
scenarios=${ACCORD_SLURM_SCENARIOS:-$repo/scripts/slurm/scenarios.csv}
[ -f "$scenarios" ] || die "no scenarios file $scenarios"
# Options given to every `accord sweep`, sharded or not.
sweep_opts=()
out=$work/sweep # the shards and the merged table (a shared folder on a real cluster)
export ACCORD=$accord_bin
log "sweep: $(basename "$model") over $scenarios, $shards shards"

submit_array() { # ARRAY-SPEC: prints the job id
  sbatch --parsable --array="$1" --chdir="$repo" --output="$work/jobs/%x-%A_%a.out" \
    "$repo/scripts/slurm/sweep.sbatch" "$shards" "$model" "$scenarios" "$out" "${sweep_opts[@]}"
}
submit_merge() { # DEPENDENCY ("" for none): prints the job id
  sbatch --parsable ${1:+--dependency="$1"} --chdir="$repo" --output="$work/jobs/%x-%j.out" \
    "$repo/scripts/slurm/merge.sbatch" "$out"
}

# The results table without its timing columns (named by the regular
# expression $timing, matched against the whole header name): those are the
# only ones allowed to differ between runs. CSV quoting is honoured.
timing=${ACCORD_SLURM_TIMING_COLUMNS:-solve_seconds|wall_seconds}
comparable() { # CSV
  awk -v timing="^($timing)\$" '
    function split_csv(line, f,    n, i, c, q, cur) {
      n = 0; cur = ""; q = 0
      for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) { if (c == "\"") q = 0; cur = cur c }
        else if (c == "\"") { q = 1; cur = cur c }
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
      }
      f[++n] = cur
      return n
    }
    { sub(/\r$/, ""); n = split_csv($0, f) }
    NR == 1 { for (i = 1; i <= n; i++) { h = f[i]; gsub(/"/, "", h); drop[i] = (h ~ timing) } }
    { out = ""; sep = ""
      for (i = 1; i <= n; i++) if (!drop[i]) { out = out sep f[i]; sep = "," }
      print out }' "$1"
}
same_table() { # CSV-A CSV-B WHAT
  if ! diff -u <(comparable "$1") <(comparable "$2") >"$work/diff.txt"; then
    head -n 60 "$work/diff.txt" >&2
    die "$3: $1 differs from $2"
  fi
}

# 1. The array and a merge that waits for all of it.
jid=$(submit_array "0-$((shards - 1))")
mid=$(submit_merge "afterok:$jid")
log "submitted array $jid (0-$((shards - 1))) and merge $mid (afterok:$jid)"
# Meanwhile, the reference: one local, unsharded sweep of the same inputs.
"$accord_bin" sweep "$model" --scenarios "$scenarios" --out "$work/local" "${sweep_opts[@]}" \
  >"$work/local.log" 2>&1 || { cat "$work/local.log" >&2; die "local accord sweep failed"; }
[ -s "$work/local/results.csv" ] || die "local sweep wrote no results.csv"
expect_jobs COMPLETED "$jid" "$mid"
for i in $(seq 0 $((shards - 1))); do
  [ -s "$out/shard-$i-of-$shards.csv" ] || die "no $out/shard-$i-of-$shards.csv"
  [ -s "$out/shard-$i-of-$shards.manifest.json" ] || die "no $out/shard-$i-of-$shards.manifest.json"
done
[ -s "$out/results.csv" ] || die "the merge job wrote no $out/results.csv"
same_table "$out/results.csv" "$work/local/results.csv" "array + merge"
if [ -f "$work/local/deltas.csv" ]; then
  same_table "$out/deltas.csv" "$work/local/deltas.csv" "array + merge (deltas)"
fi
rows=$(($(wc -l <"$work/local/results.csv") - 1))
log "1/3 ok: merged table of $shards shards equals the local sweep ($rows rows)"

# 2. Re-run one task alone, as after a failure: Slurm now says the array has
# one task, the shard must still be 1 of N.
cp "$out/results.csv" "$work/merged-first.csv"
rm "$out/shard-1-of-$shards.csv" "$out/shard-1-of-$shards.manifest.json" "$out/results.csv"
jid2=$(submit_array 1)
mid2=$(submit_merge "afterok:$jid2")
expect_jobs COMPLETED "$jid2" "$mid2"
grep -q "shard 1/$shards" "$work/jobs/accord-sweep-${jid2}_1.out" ||
  die "the re-run task did not compute shard 1/$shards: $(cat "$work/jobs/accord-sweep-${jid2}_1.out")"
same_table "$out/results.csv" "$work/merged-first.csv" "re-run of task 1"
log "2/3 ok: re-running task 1 alone (--array=1) and merging again gives the same table"

# 3. A missing shard: the merge job fails, names it and writes no table.
rm "$out/shard-2-of-$shards.csv" "$out/shard-2-of-$shards.manifest.json" "$out/results.csv"
mid3=$(submit_merge "")
expect_jobs FAILED "$mid3"
merge_log=$work/jobs/accord-merge-$mid3.out
# accord merge says "missing shards: 2 (of 3)".
grep -Eq "missing shards?: ([0-9]+, )*2\b" "$merge_log" || die "the failed merge did not name shard 2: $(cat "$merge_log")"
[ ! -e "$out/results.csv" ] || die "the failed merge wrote $out/results.csv"
log "3/3 ok: with shard 2 missing the merge job fails: $(tr '\n' ' ' <"$merge_log")"

log "passed in ${SECONDS}s"
