#!/usr/bin/env python3
"""Adds the Tidings-specific figures to a tidings_run.sh run folder's result.json.

Writes result_tidings.json with:
  e2e_stats_rate_mps   measured notifications / (first poll of the list's _metadata.stats showing
                       every one at DELIVERED_USER - first request)          [poll every 0.2 s]
  e2e_rate_mps         the same from the database's delivery_user_at (analyze.py's e2e)
  callbacks_rate_ps    every status callback (queued + sent + delivered) / (last callback - first request)
  final_cb_rate_mps    messages whose final ("delivered") callback arrived / (last one - first request)
  complete_cb_rate_mps messages with ALL their callbacks received / (time the last one completed - first request)
  cpu: java, postgres (sum of pg_* processes), receiver, poller, loadgen, other, machine busy (% of one core)
"""
import json
import os
import sys

d = sys.argv[1]
per_msg = int(sys.argv[2]) if len(sys.argv) > 2 else 3
r = json.load(open(os.path.join(d, "result.json")))
lg = json.load(open(os.path.join(d, "loadgen.json")))
t0 = lg["first_send_ns"]
n_acc = r["accepted"]

# stats poll
target, reached = None, None
for line in open(os.path.join(d, "stats.tsv")):
    if line.startswith("# target"):
        target = int(line.split()[2])
        continue
    if line.startswith("#"):
        continue
    t, total, dc, du = line.rstrip("\n").split("\t")
    if target is not None and int(du) >= target and reached is None:
        reached = int(t)
e2e_stats = round(lg["accepted_2xx"] / ((reached - t0) / 1e9), 1) if reached else None

# callbacks per message
per_id = {}
final_times = []
all_times = []
for line in open(os.path.join(d, "dlr.tsv")):
    t, q = line.rstrip("\n").split("\t", 1)
    kv = dict(p.split("=", 1) for p in q.split("&") if "=" in p)
    rid = kv.get("id", "")
    if rid.startswith("w") or not rid:
        continue
    t = int(t)
    all_times.append(t)
    per_id.setdefault(rid, []).append(t)
    if kv.get("type") == "1":
        final_times.append(t)
complete = [max(v) for v in per_id.values() if len(v) >= per_msg]


def rate(times):
    return round(len(times) / ((max(times) - t0) / 1e9), 1) if times else None


cpu = r.get("cpu", {})
pg = sum(v["avg_pct_core"] for k, v in cpu.items() if k.startswith("pg_"))
pg_busiest = max([v["avg_pct_core"] for k, v in cpu.items() if k.startswith("pg_")] or [0])
pg_procs = len([k for k in cpu if k.startswith("pg_")])
sysc = cpu.get("_system", {})
# cross-check: PostgreSQL as a process tree (reaped children included), over the script's own window
tree = {}
try:
    lines = open(os.path.join(d, "tree_ticks.txt")).read().splitlines()
    f = lines[0].split()
    s0 = list(map(int, lines[1].split()[2:10]))
    s1 = list(map(int, lines[2].split()[2:10]))
    ncpu = sysc.get("ncpu", os.cpu_count())
    wall_ticks = (sum(s1) - sum(s0)) / ncpu
    tree = {"pg_tree_pct_core": round(100 * (int(f[2]) - int(f[1])) / wall_ticks, 1),
            "java_pct_core": round(100 * (int(f[5]) - int(f[4])) / wall_ticks, 1),
            "window_s": round(wall_ticks / os.sysconf("SC_CLK_TCK"), 2)}
except (OSError, IndexError, ValueError):
    pass

# database work per message (tidings_run.sh's db_work.txt) and CPU ms per message
db = {}
try:
    db = {k: float(v) for k, v in (p.split("=", 1) for p in open(os.path.join(d, "db_work.txt")).read().split())}
except (OSError, ValueError):
    pass
hz = os.sysconf("SC_CLK_TCK")
cpu_ms = {}
if n_acc:
    # the script's own window (just before the load to the end of the drain), PostgreSQL as a
    # process tree so that backends started during the run count too
    try:
        f = open(os.path.join(d, "tree_ticks.txt")).read().split()
        cpu_ms["postgres"] = round(1000 * (int(f[2]) - int(f[1])) / hz / n_acc, 3)
        cpu_ms["java"] = round(1000 * (int(f[5]) - int(f[4])) / hz / n_acc, 3)
    except (OSError, IndexError, ValueError):
        java_s = cpu.get("java", {}).get("cpu_s")
        cpu_ms["java"] = round(1000 * java_s / n_acc, 3) if java_s is not None else None
        pg_s = sum(v.get("cpu_s") or 0 for k, v in cpu.items() if k.startswith("pg_"))
        cpu_ms["postgres"] = round(1000 * pg_s / n_acc, 3)

out = {
    "db_work": db, "cpu_ms_per_msg": cpu_ms,
    "meta": r["meta"], "requests": r["requests"], "accepted": n_acc, "status_counts": r["status_counts"],
    "delivered_user": r["at_fakesmsc"], "callbacks": len(all_times), "final_callbacks": len(final_times),
    "complete_messages": len(complete), "dlr_types": r["dlr_types"],
    "accept_rate_rps": r["accept_rate_rps"], "accept_rate_steady_rps": r["accept_rate_steady_rps"],
    "e2e_rate_mps": r["e2e_rate_mps"], "e2e_stats_rate_mps": e2e_stats, "e2e_rate_steady_mps": r["e2e_rate_steady_mps"],
    "callbacks_rate_ps": rate(all_times), "final_cb_rate_mps": rate(final_times),
    "complete_cb_rate_mps": rate(complete),
    "http_latency_ms": r["http_latency_ms"], "e2e_latency_ms": r["e2e_latency_ms"],
    "final_cb_latency_ms": r["dlr_latency_ms"], "window_s": r["window_s"],
    "cpu_pct_core": {
        "java": cpu.get("java", {}).get("avg_pct_core"),
        "java_busiest_threads": cpu.get("java", {}).get("busiest_threads_pct_core"),
        "postgres": round(pg, 1), "postgres_busiest_process": pg_busiest, "postgres_processes": pg_procs,
        "dlr_receiver": cpu.get("dlr_receiver", {}).get("avg_pct_core"),
        "stats_poll": cpu.get("stats_poll", {}).get("avg_pct_core"),
        "loadgen": cpu.get("loadgen", {}).get("avg_pct_core"),
        "irq": sysc.get("irq_softirq_pct_core"), "other": sysc.get("other_pct_core"),
        "machine_busy": sysc.get("busy_pct_core"),
    },
    "tree_check": tree,
}
json.dump(out, open(os.path.join(d, "result_tidings.json"), "w"), indent=1)
c = out["cpu_pct_core"]
print(f"tidings C={lg['concurrency']} accepted {n_acc}/{r['requests']} accept {out['accept_rate_rps']}/s "
      f"e2e(db) {out['e2e_rate_mps']}/s e2e(stats) {e2e_stats}/s callbacks {out['callbacks_rate_ps']}/s "
      f"final-cb {out['final_cb_rate_mps']} msg/s complete {out['complete_cb_rate_mps']} msg/s "
      f"http p50/p99 {r['http_latency_ms']['p50']}/{r['http_latency_ms']['p99']} ms | cpu java {c['java']} "
      f"pg {c['postgres']} rcv {c['dlr_receiver']} lg {c['loadgen']} poll {c['stats_poll']} other {c['other']} "
      f"busy {c['machine_busy']} | tree {tree}")
ok = (r["at_fakesmsc"] == n_acc and len(all_times) == per_msg * n_acc and len(complete) == n_acc)
if not ok:
    print("WARNING: not every accepted message reached DELIVERED_USER with all its callbacks", file=sys.stderr)
