#!/usr/bin/env python3
"""Writes BENCHMARKS.md (to stdout) from the lines scripts/bench.sh collected.

Usage: bench-report.py RESULTS COMMANDS COMMIT DOTNET_VERSION
RESULTS holds the generator's "JSON {...}" lines and bench.sh's "FACT {...}" lines.
"""
import datetime
import json
import sys

results_path, commands_path, commit, dotnet_version = sys.argv[1:5]
runs, facts = [], {}
for line in open(results_path):
    if line.startswith("JSON "):
        runs.append(json.loads(line[5:]))
    elif line.startswith("FACT "):
        fact = json.loads(line[5:])
        facts[fact["key"]] = fact
commands = [line.rstrip("\n") for line in open(commands_path)]
settings = facts.get("settings", {})
machine = facts.get("machine", {})
poll_ms = settings.get("poll_ms", 20)

# The labels scripts/bench.sh gives the generator's runs.
OLD_E2E, OLD_SUBMIT, OLD_STATUS, OLD_CEILING = "old stack e2e lead", "old stack submit", "old stack status", "old stack ceiling (GET /health)"
AABA_E2E, AABA_SUBMIT, AABA_STATUS, AABA_CEILING = "Aaba e2e lead", "Aaba submit", "Aaba status", "Aaba ceiling (GET /healthz)"
FRESH_E2E, CLUSTER_E2E = "Aaba fresh process e2e lead", "cluster e2e lead"


def result(label):
    """The reported result of a label: the single run, or the chosen round of a multi-round run."""
    found = [r for r in runs if r["label"] == label and r["kind"] in ("run", "rounds")]
    return found[-1] if found else None


pairs = settings.get("pairs", 1)


def paired(label):
    """The labels of one measurement in each pair (bench.sh appends " [pair N]" when it makes more than one)."""
    return [f"{label} [pair {n}]" for n in range(1, pairs + 1)] if pairs > 1 else [label]


def pooled_ms(results, key):
    """Server CPU ms per op over all pairs: total CPU over total ops."""
    found = [r for r in results if r and r.get(key) is not None]
    total = sum(r["count"] for r in found)
    return sum(r[key] * r["count"] for r in found) / total if total else None


def mean_rate(results):
    found = [r["per_second"] for r in results if r]
    return sum(found) / len(found) if found else None


def pair_name(label):
    return label[label.index(" [pair "):].strip(" []") if " [pair " in label else ""


def rounds(label):
    return sorted((r for r in runs if r["kind"] == "round" and r["label"].startswith(label + " round ")), key=lambda r: r["round"])


def num(value, fmt="{:,.0f}"):
    return "n/a" if value is None else fmt.format(value)


def ms(value):
    return num(value, "{:.3f}")


def per_op(r, seconds):
    return 1000 * seconds / r["count"] if r and r["count"] else None


def other_load(r):
    cpu = r.get("cpu") if r else None
    return cpu["other_seconds"] / cpu["wall_seconds"] if cpu and cpu["wall_seconds"] else None


def processes(r):
    """Server CPU per op for each server process tree, e.g. 'uvicorn 1.234 (4 procs), celery ...'."""
    if not r or "cpu" not in r:
        return "n/a"
    return ", ".join(
        f"{name} {per_op(r, g['seconds']):.3f}" + (f" ({g['processes']} processes)" if g["processes"] > 1 else "")
        for name, g in r["cpu"]["servers"].items())


def ratio(a, b, fmt="{:.2f}×"):
    return fmt.format(a / b) if a is not None and b else "n/a"


def errors(r):
    return ", ".join(f"{k}: {v}" for k, v in r["errors"].items()) or "none"


out = []
w = out.append
today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
quick = " — **QUICK run (short rounds), not for quoting**" if settings.get("quick") else ""
if settings.get("aaba_extra_env"):
    quick += f" — **diagnostic run: Aaba started with `{settings['aaba_extra_env']}`, not the README's defaults**"
w("# Benchmarks")
w("")
w(f"Written by `scripts/bench.sh` on {today} at commit `{commit}`{quick}. "
  f"Machine: {machine.get('cores', '?')} cores ({machine.get('cpu', '?')}), {machine.get('ram_gib', '?')} GiB RAM, "
  f"load average at start {machine.get('load_at_start', '?')}; the load generator runs on the same cores. "
  "Every figure below comes from this one run; absolute figures on these shared machines move 2–4× from hour to "
  "hour, so compare only figures of the same run.")
w("")

# ------------------------------------------------------------------ ratios
old_e2e_all, aaba_e2e_all = [result(l) for l in paired(OLD_E2E)], [result(l) for l in paired(AABA_E2E)]
aaba_e2e_cpu, aaba_e2e_rate = pooled_ms(aaba_e2e_all, "server_cpu_ms_per_op"), mean_rate(aaba_e2e_all)
w("## Old stack vs Aaba (same run, same generator, same warm-up)")
w("")
if any(old_e2e_all) or any(aaba_e2e_all):
    how_pairs = (f"The comparison was made {pairs} times (old stack then Aaba, then Aaba then the old stack, ...; every "
                 "stack a fresh start each time); each cell pools the pairs (CPU: total over total; per second: mean) "
                 "and each ratio is followed by the ratio of every pair. " if pairs > 1 else "")
    w("Server CPU per task or request is the goal (on 2 cores the generator's own share caps any throughput ratio). "
      "Server CPU = utime + stime of **all** of a stack's server processes with their threads and child processes, "
      "read from `/proc/<pid>/stat` right before and after the measured window: for the old stack redis-server, the "
      "uvicorn master and its workers, the Celery main process and its prefork workers; for Aaba its one process. "
      "The generator's CPU is measured the same way and is **not** included (see the next table). " + how_pairs)
    w("")
    w("| measurement | old stack: server CPU ms/op | Aaba: server CPU ms/op | CPU ratio (old ÷ Aaba) | old stack: per second | Aaba: per second | throughput ratio (Aaba ÷ old) |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = [
        (f"e2e lead: POST /agents/run-lead {{\"query\":\"python\"}}, then GET /agents/status/{{id}} every {poll_ms} ms until terminal (per task)",
         OLD_E2E, AABA_E2E, "server_cpu_ms_per_op"),
        ("submit: POST /agents/run-lead, closed loop (per request; CPU until the window's tasks had finished)",
         OLD_SUBMIT, AABA_SUBMIT, "server_cpu_ms_per_op_with_drain"),
        ("status: GET /agents/status/{id} of a finished task (per request)", OLD_STATUS, AABA_STATUS, "server_cpu_ms_per_op"),
    ]
    for name, old_label, aaba_label, key in rows:
        o, a = [result(l) for l in paired(old_label)], [result(l) for l in paired(aaba_label)]
        ocpu, acpu = pooled_ms(o, key), pooled_ms(a, key)
        ops, aps = mean_rate(o), mean_rate(a)
        cpu_each = tpt_each = ""
        if pairs > 1:
            cpu_each = " (" + ", ".join(ratio((x or {}).get(key), (y or {}).get(key)) for x, y in zip(o, a)) + ")"
            tpt_each = " (" + ", ".join(ratio((y or {}).get("per_second"), (x or {}).get("per_second")) for x, y in zip(o, a)) + ")"
        w(f"| {name} | {ms(ocpu)} | {ms(acpu)} | **{ratio(ocpu, acpu)}**{cpu_each} | {num(ops)} | {num(aps)} | **{ratio(aps, ops)}**{tpt_each} |")
    w("")
    w("Where the CPU goes (server CPU ms per op, per process tree), what the generator used (excluded above), and how "
      "many cores other work on this shared machine took during each window:")
    w("")
    w("| measurement | old stack, per process | old stack: generator ms/op | old stack: other load (cores) | Aaba, per process | Aaba: generator ms/op | Aaba: other load (cores) |")
    w("| --- | --- | ---: | ---: | --- | ---: | ---: |")
    for name, old_label, aaba_label in [("e2e lead", OLD_E2E, AABA_E2E), ("submit (window only)", OLD_SUBMIT, AABA_SUBMIT),
                                        ("status", OLD_STATUS, AABA_STATUS), ("ceiling (GET health)", OLD_CEILING, AABA_CEILING)]:
        for old_paired, aaba_paired in zip(paired(old_label), paired(aaba_label)):
            o, a = result(old_paired), result(aaba_paired)
            which = f", {pair_name(old_paired)}" if pairs > 1 else ""
            w(f"| {name}{which} | {processes(o)} | {ms((o or {}).get('generator_cpu_ms_per_op'))} | {num(other_load(o), '{:.2f}')} "
              f"| {processes(a)} | {ms((a or {}).get('generator_cpu_ms_per_op'))} | {num(other_load(a), '{:.2f}')} |")
    w("")
    for base, who in [(OLD_E2E, "Old stack"), (AABA_E2E, "Aaba")]:
        for label in paired(base):
            r = result(label)
            if r and "summary" in r:
                s = r["summary"]
                agreed = "the last two agreed within {:.0%}".format(settings.get("agree", 0.1)) if s["stable"] else "**no two rounds in a row agreed** (the last two are used)"
                each = ", ".join("{:,.0f}/s at {} ms".format(x["per_second"], ms(x.get("server_cpu_ms_per_op"))) for x in rounds(label))
                which = f" ({pair_name(label)})" if pairs > 1 else ""
                w(f"- {who} e2e warm-up{which}: {s['rounds']} rounds of {settings.get('round_tasks', '?'):,} tasks; {agreed}; reported round {s['chosen_round']} ({each}).")
    for base, who in [(OLD_SUBMIT, "Old stack"), (AABA_SUBMIT, "Aaba")]:
        for label in paired(base):
            r = result(label)
            if r and "cpu_with_drain" in r:
                extra = r["cpu_with_drain"]["wall_seconds"] - r["cpu"]["wall_seconds"]
                which = f" ({pair_name(label)})" if pairs > 1 else ""
                w(f"- {who} submit{which}: {r['count']:,} accepted in the {settings.get('duration_s', '?')} s window at {ms(r.get('server_cpu_ms_per_op'))} ms/request; "
                  f"{ms(r.get('server_cpu_ms_per_op_with_drain'))} ms counting until its tasks had run ({extra:.1f} s after the window).")
    lost = [(r["label"], r["lost"]) for r in runs if r.get("lost")]
    errs = [(r["label"], errors(r)) for r in runs if r["errors"]]
    w(f"- Lost tasks: {'none' if not lost else ', '.join(f'{l}: {n}' for l, n in lost)}. "
      f"Errors: {'none' if not errs else '; '.join(f'{l}: {e}' for l, e in errs)}.")
else:
    w("Not measured in this run (PART without `compare`).")
w("")

# ------------------------------------------------------------------ first request
w("## Fast from the first request (a fresh Aaba process)")
w("")
fresh = result(FRESH_E2E)
if fresh:
    start = facts.get("aaba-fresh start", {})
    s = fresh["summary"]
    steady = fresh
    w(f"A new Aaba process on a new data folder (started {start.get('ready_s', '?')} s before it answered `/readyz`, "
      f"having used {start.get('cpu_s', '?')} s of CPU by then), then rounds of {settings.get('round_tasks', '?'):,} e2e lead tasks "
      f"(poll every {poll_ms} ms, concurrency {settings.get('concurrency', 64)}) from its first request on. "
      f"Steady state = the better of the last two rounds (round {s['chosen_round']}; "
      + ("the last two agreed within {:.0%}).".format(settings.get("agree", 0.1)) if s["stable"]
         else "**the last two did not agree within {:.0%}**, see below).".format(settings.get("agree", 0.1))))
    w("")
    w("| round | tasks/s | server CPU ms/task | generator ms/task | p50 ms | p99 ms | other load (cores) | tasks/s, % of steady | CPU/task, × steady "
      "| server CPU s | JIT s (methods) | GC pauses s |")
    w("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rounds(FRESH_E2E):
        runtime = r.get("runtime") or {}
        jit = f"{runtime['jit_seconds']:.2f} ({runtime['jit_methods']:,})" if runtime else "n/a"
        w(f"| {r['round']} | {r['per_second']:,.0f} | {ms(r.get('server_cpu_ms_per_op'))} | {ms(r.get('generator_cpu_ms_per_op'))} "
          f"| {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {num(other_load(r), '{:.2f}')} | {100 * r['per_second'] / steady['per_second']:.0f}% "
          f"| {ratio(r.get('server_cpu_ms_per_op'), steady.get('server_cpu_ms_per_op'))} "
          f"| {num((r.get('cpu') or {}).get('server_seconds'), '{:.1f}')} | {jit} | {num(runtime.get('gc_pause_seconds'), '{:.2f}')} |")
    w("")
    w("JIT s = seconds the server's JIT spent compiling in the round, by its own clock (`dotnet_jit_compilation_time_seconds_total` "
      "from the server's `/metrics`, read before and after the round, outside its CPU window); the runtime compiles each hot "
      "method up to three times (quick, instrumented, optimized with its profile), most of it in the first round.")
    w("")
    w(f"**Round 1 ran at {s['first_round_percent']:.0f}% of steady-state throughput** (target: ≥ 80%), using "
      f"{num(s.get('first_round_cpu_multiple'), '{:.2f}')}× the steady server CPU per task.")
    if not s["stable"]:
        last = rounds(FRESH_E2E)[-2:]
        def spread(key):
            a, b = last[0].get(key), last[1].get(key)
            return "n/a" if not a or not b else "{:.0%}".format(abs(a - b) / max(a, b))
        w("")
        w(f"Caveat: the last two rounds differ by {spread('per_second')} in throughput and {spread('server_cpu_ms_per_op')} in "
          f"server CPU per task (other load {num(other_load(last[0]), '{:.2f}')} vs {num(other_load(last[1]), '{:.2f}')} cores), more than "
          f"the {settings.get('agree', 0.1):.0%} that counts as steady; the steady state is that uncertain (FIRST_ROUNDS adds rounds).")
else:
    w("Not measured in this run (PART without `first`).")
w("")

# ------------------------------------------------------------------ cluster
w("## Cluster vs embedded (same run)")
w("")
cluster = result(CLUSTER_E2E)
if cluster:
    w("Cluster: `scripts/cluster.sh up --silos 2 --apis 1` (2 `Aaba.Silo` + 1 `Aaba.Api` in client mode + Debian's "
      "redis-server with AOF on, as separate processes on the same cores). Both measured with the same e2e method and warm-up "
      "as the ratios above" + (" (embedded: pooled over the pairs)." if pairs > 1 else "."))
    w("")
    w("| e2e lead | embedded | cluster | cluster as % of embedded |")
    w("| --- | ---: | ---: | ---: |")
    if aaba_e2e_rate:
        w(f"| tasks/s | {aaba_e2e_rate:,.0f} | {cluster['per_second']:,.0f} | **{100 * cluster['per_second'] / aaba_e2e_rate:.0f}%** |")
        cc = cluster.get("server_cpu_ms_per_op")
        w(f"| server CPU ms/task (all processes) | {ms(aaba_e2e_cpu)} | {ms(cc)} | {ratio(cc, aaba_e2e_cpu, '{:.0%}') if aaba_e2e_cpu else 'n/a'} |")
        e = aaba_e2e_all[0]
        w(f"| p50 / p99 ms | {e['p50_ms']:.1f} / {e['p99_ms']:.1f}{' (pair 1)' if pairs > 1 else ''} | {cluster['p50_ms']:.1f} / {cluster['p99_ms']:.1f} | |")
    else:
        w(f"| tasks/s | n/a (no embedded run) | {cluster['per_second']:,.0f} | n/a |")
    w("")
    w("Server CPU ms per task, per process (cluster e2e): " + processes(cluster) + "; generator "
      + ms(cluster.get("generator_cpu_ms_per_op")) + " (excluded); other load " + num(other_load(cluster), "{:.2f}") + " cores.")
    storage = facts.get("cluster storage")
    if storage:
        w("")
        w(f"Storage (cluster redis): {storage['tasks']:,} tasks in {storage['keys']:,} keys; used_memory grew "
          f"{storage['grew_bytes'] / 1048576:,.0f} MB over the run = {storage['grew_bytes'] / max(1, storage['tasks']):,.0f} bytes per task.")
elif "cluster skipped" in facts:
    w("Skipped: " + facts["cluster skipped"]["text"] + ".")
else:
    w("Not measured in this run (PART without `cluster`).")
w("")

# ------------------------------------------------------------------ absolute figures
w("## Absolute figures (this run)")
w("")
w("Every measured window, warm-up rounds included. ms/op = server CPU milliseconds per task or request; per process "
  "as above; generator CPU excluded from the server figures; other load = cores used by other work on the machine "
  "during the window.")
w("")
w("| run | count | per second | p50 ms | p90 ms | p99 ms | max ms | errors | lost | server CPU ms/op | per process ms/op | generator ms/op | other load |")
w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: |")
for r in runs:
    if r["kind"] == "rounds":
        continue
    label = r["label"] + (f" ({r['poll']})" if r.get("poll") and r["mode"] == "e2e" and " round " not in r["label"] else "")
    w(f"| {label} | {r['count']:,} | {r['per_second']:,.0f} | {r['p50_ms']:.1f} | {r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} "
      f"| {errors(r)} | {r.get('lost', '')} | {ms(r.get('server_cpu_ms_per_op'))} | {processes(r)} | {ms(r.get('generator_cpu_ms_per_op'))} "
      f"| {num(other_load(r), '{:.2f}')} |")
w("")
for key, fact in facts.items():
    if key.startswith("aaba") and key.endswith(" start"):
        name = "Aaba, fresh process (first-request rounds)" if key == "aaba-fresh start" else f"Aaba for the comparison (pair {key[5:-6]})"
        w(f"- {name}: ready {fact['ready_s']} s after launch, {fact['cpu_s']} s of CPU used by then (AABA_START={fact['start']}).")
if "aaba log" in facts:
    f = facts["aaba log"]
    w(f"- Aaba's log after {f['tasks']:,} tasks: {f['lines']:,} lines, {f['polly_lines']:,} of them `info: Polly` entries "
      "(the default log level, as the README starts it).")
if "seed versions" in facts:
    w(f"- Old stack: {facts['seed versions']['text']} (Debian packages, its setup.sh), started by its start.sh with its defaults "
      "(uvicorn 3 workers with uvloop and httptools, Celery prefork concurrency 2, Redis without persistence).")
w("")

# ------------------------------------------------------------------ method
w("## How it was measured")
w("")
w(f"- Command: `scripts/bench.sh` (settings: {', '.join(f'{k}={v}' for k, v in settings.items() if v != '' and k != 'key')}); .NET SDK {dotnet_version}.")
w(f"- Old stack: `../shared/peers/celery-seed/start.sh` (and `stop.sh`). Aaba: "
  + ("`dotnet run --project src/Aaba.Api` (after a build)" if settings.get("aaba_start") == "run"
     else "`dotnet bin/Release/net10.0/Aaba.Api.dll` from `src/Aaba.Api` (the README's defaults on a Release build)")
  + ": embedded Garnet, durable, a fresh data folder per process; only the port and the data folder are set.")
w(f"- Warm-up, the same for every stack: rounds of {settings.get('round_tasks', '?'):,} e2e tasks until two rounds in a row agree within "
  f"{settings.get('agree', 0.1):.0%} in throughput and in server CPU per task (at most {settings.get('max_rounds', '?')} rounds), then the better of "
  f"those two; submit and status then run {settings.get('warmup_s', '?')} s unmeasured and {settings.get('duration_s', '?')} s measured. "
  "Before and after the submit window the generator waits until the tasks submitted so far have finished.")
w("- e2e per second = tasks that succeeded ÷ time from the round's first submit to its last terminal read; latency = submit to terminal read.")
w("- The generator's commands, in order:")
w("")
w("```")
out.extend(commands)
w("```")
print("\n".join(out))
