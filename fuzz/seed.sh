#!/usr/bin/env bash
# Seeds each fuzz target's corpus (fuzz/corpus/TARGET, not committed) from
# the project's own test data; run from anywhere. Idempotent: seeds are
# named by content, and files the fuzzer added stay.
set -euo pipefail
cd "$(dirname "$0")/.."
rs=$'\x1e'
seed() { # TARGET < content
  local dir="fuzz/corpus/$1" tmp
  mkdir -p "$dir"
  tmp=$(mktemp)
  cat >"$tmp"
  mv "$tmp" "$dir/seed-$(sha1sum "$tmp" | cut -c1-16)"
}
seed_file() { # TARGET FILE
  local dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  cp "$2" "$dir/seed-$(sha1sum "$2" | cut -c1-16)"
}

# data_folder: the four CSVs of every test folder and the Central Asia data.
for d in data/central_asia tests/valid/* tests/invalid/* tests/data/*/; do
  [ -d "$d" ] || continue
  {
    first=1
    for f in actors projects relations interests; do
      [ $first = 1 ] || printf '%s' "$rs"
      first=0
      if [ -f "$d/$f.csv" ]; then cat "$d/$f.csv"; fi
    done
  } | seed data_folder
done

# model_toml: every model file of the project.
for f in models/*.toml tests/valid/*/*.toml tests/invalid/*/*.toml; do
  seed_file model_toml "$f"
done

# mps: the project's MPS and .mop files, each with a leading options byte
# (0: auto format, auto objectives).
for f in tests/data/*.mps tests/data/*.mop; do
  { printf '\x00'; cat "$f"; } | seed mps
done

# scenario: grid specs, 0x1E, a scenarios file.
{ printf 'actors.eu.budget*=0.5:1.5:0.25\n%s' "$rs"; cat data/central_asia/scenarios.csv; } | seed scenario
{ printf 'projects.termez_power.cost=100,200\noptions.weight.cost=0,0.1\n%s' "$rs"; } | seed scenario
{ printf 'interests.eu/amu_darya_water.max_funding+=0:50:25\n%s' "$rs"
  printf 'scenario,table,key,column,op,value,note\nbaseline,,,,,,\nx,options,weight,cost,set,0.5,\ny,relations,iran/usa,kind,set,cooperate,\nz,projects,termez_power,mode,set,scalable,\n'; } | seed scenario

# demands: flags as tests use them, on Central Asia project ids.
printf -- '--must zaranj_delaram\n--never termez_power\n--floor stability=100\n--cap cost=900\n' | seed demands
printf -- '--must amu_darya_water=0.6\n--floor dominance=3\n--cap cost=-1\n--must rood\n' | seed demands
printf -- '--floor stability\n--must chahbahar_termez=1.5\n--never zaranj_delaram\n--must zaranj_delaram\n' | seed demands

# sweep_results: a results table of two objective columns, whole and torn.
h='scenario,status,stability,cost,projects,check,max_violation,reason,solve_seconds,wall_seconds'
printf '%s\nbaseline,optimal,268,1450,a;b,passed,0.000e0,,0.010000,0.020000\ncut,infeasible,,,,,,"no plan, ""meets"" rules",0.001000,0.002000\n' "$h" | seed sweep_results
printf '%s\nbaseline,optimal,268,1450,a;b,passed,0.000e0,,0.010000,0.02\nx,optimal,1e3,NaN,,failed,1.5e-3,,0,0\n' "$h" | seed sweep_results
