#!/usr/bin/env python3
"""One table for bench/vs-kannel.sh: Kannel runs (kannel_run.sh folders) and Tidings runs
(tidings_run.sh folders, told apart by their callbackEvents), medians per system and C, and the
ratio Tidings / Kannel per column. Adapted from ../shared/peers/kannel/compare_tidings.py.

usage: compare.py RUN_DIR...   (a folder with result_tidings.json is a Tidings run, one with only
                               result.json a Kannel run)

Columns (medians over the runs; [min-max] of accepted/s):
  accepted/s        202 answers / (last answer - first request)
  e2e/s             messages at the SMSC (Kannel: fakesmsc read it; Tidings: DELIVERED_USER in the
                    database) / (last arrival - first request)
  final-cb/s        messages whose final callback (Kannel's DLR type 1, Tidings' "delivered")
                    reached the receiver / (last one - first request)
  cb/msg            callbacks received per accepted message
  HTTP p50/p99      ms from writing the request to its answer
  CPU % core        average % of one core from the first request to the last event:
                    Kannel smsbox + bearerbox, Tidings JVM + PostgreSQL (all its processes)
  CPU ms/msg        the same CPU per accepted message (Tidings: just before the load to the end
                    of the drain, PostgreSQL as a process tree), and the sum
  writes/msg, WAL B/msg   Tidings only: tuples inserted + updated + deleted (pg_stat_database)
                    and WAL bytes (pg_stat_wal) per accepted message, same window
"""
import json
import os
import statistics
import sys


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def meta(m, key, default=None):
    for p in m.split():
        if p.startswith(key + "="):
            return p.split("=", 1)[1]
    return default


def jit_share(d):
    """% of the JVM's CPU in the sampled window spent by its JIT compiler threads (C1, C2):
    cpu.json's per-thread ticks, named by threads.txt; None when either is missing."""
    try:
        cpu = json.load(open(os.path.join(d, "cpu.json")))
        names = dict(line.rstrip("\n").split(" ", 1) for line in open(os.path.join(d, "threads.txt")) if " " in line)
        first, last = cpu["samples"][0]["procs"]["java"]["threads"], cpu["samples"][-1]["procs"]["java"]["threads"]
    except (OSError, KeyError, IndexError, ValueError):
        return None
    used = {t: v - first.get(t, 0) for t, v in last.items()}
    total = sum(used.values())
    jit = sum(v for t, v in used.items() if names.get(t, "").startswith(("C1 CompilerThre", "C2 CompilerThre")))
    return 100 * jit / total if total else None


rows = {}
for d in sys.argv[1:]:
    if os.path.exists(os.path.join(d, "result_tidings.json")):
        t = json.load(open(os.path.join(d, "result_tidings.json")))
        c = int(meta(t["meta"], "C"))
        events = meta(t["meta"], "CALLBACK_EVENTS", "all")
        cp, ms, db = t["cpu_pct_core"], t.get("cpu_ms_per_msg", {}), t.get("db_work", {})
        acc = t["accepted"] or 1
        rec = {"accept": t["accept_rate_rps"], "e2e": t["e2e_rate_mps"], "final": t["final_cb_rate_mps"],
               "cbmsg": t["callbacks"] / acc, "p50": t["http_latency_ms"]["p50"], "p99": t["http_latency_ms"]["p99"],
               "cpu1": cp["java"], "cpu2": (t.get("tree_check") or {}).get("pg_tree_pct_core", cp["postgres"]),
               "ms1": ms.get("java"), "ms2": ms.get("postgres"),
               "writes": db.get("writes_per_msg"), "wal": db.get("wal_bytes_per_msg"),
               "busy": cp["machine_busy"], "jit": jit_share(d),
               "ok": t["delivered_user"] == t["accepted"] and t["complete_messages"] == t["accepted"]}
        key = ("Tidings, every status called back" if events == "all" else f"Tidings, callbackEvents {events}", c)
    else:
        r = json.load(open(os.path.join(d, "result.json")))
        if meta(r["meta"], "SYSTEM") == "tidings":
            print(f"skipped {d}: a Tidings run without result_tidings.json", file=sys.stderr)
            continue
        c = int(meta(r["meta"], "C"))
        cp = r["cpu"]
        acc = r["accepted"] or 1
        rec = {"accept": r["accept_rate_rps"], "e2e": r["e2e_rate_mps"], "final": r["dlr_rate_ps"],
               "cbmsg": r["dlr_callbacks"] / acc, "p50": r["http_latency_ms"]["p50"], "p99": r["http_latency_ms"]["p99"],
               "cpu1": cp["smsbox"]["avg_pct_core"], "cpu2": cp["bearerbox"]["avg_pct_core"],
               "ms1": 1000 * cp["smsbox"]["cpu_s"] / acc, "ms2": 1000 * cp["bearerbox"]["cpu_s"] / acc,
               "writes": None, "wal": None, "busy": cp["_system"]["busy_pct_core"], "jit": None,
               "ok": r["at_fakesmsc"] == r["accepted"] and r["dlr_callbacks"] == r["dlr_expected"]}
        key = ("Kannel (dlr-mask=1)", c)
    rec["ms"] = rec["ms1"] + rec["ms2"] if rec["ms1"] is not None and rec["ms2"] is not None else None
    rows.setdefault(key, []).append(rec)

cols = [("accept", "accepted/s"), ("e2e", "e2e/s"), ("final", "final-cb/s"), ("cbmsg", "cb/msg"),
        ("p50", "HTTP p50 ms"), ("p99", "HTTP p99 ms"),
        ("cpu1", "CPU % core: smsbox / JVM"), ("cpu2", "CPU % core: bearerbox / PostgreSQL"),
        ("ms1", "CPU ms/msg: smsbox / JVM"), ("ms2", "CPU ms/msg: bearerbox / PostgreSQL"), ("ms", "CPU ms/msg total"),
        ("writes", "tuple writes/msg"), ("wal", "WAL bytes/msg"), ("busy", "machine % (of 200)"),
        ("jit", "JIT % of JVM CPU")]


def fmt(v):
    if v is None:
        return "n/a"
    return f"{v:,.0f}" if abs(v) >= 100 else (f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}")


print("| system | C | runs | " + " | ".join(h for _, h in cols) + " |")
print("|---|---:|---:|" + "---:|" * len(cols))
meds = {}
order = lambda k: (k[1], not k[0].startswith("Kannel"), k[0])
for key in sorted(rows, key=order):
    rs = rows[key]
    m = {k: med([r[k] for r in rs]) for k, _ in cols}
    meds[key] = m
    acc = [r["accept"] for r in rs if r["accept"] is not None]
    cells = []
    for k, _ in cols:
        s = fmt(m[k])
        if k == "accept" and len(acc) > 1:
            s += f" [{min(acc):,.0f}-{max(acc):,.0f}]"
        cells.append(s)
    bad = sum(1 for r in rs if not r["ok"])
    print(f"| {key[0]} | {key[1]} | {len(rs)}{' (' + str(bad) + ' incomplete)' if bad else ''} | " + " | ".join(cells) + " |")
    if not key[0].startswith("Kannel"):
        k = meds.get(("Kannel (dlr-mask=1)", key[1]))
        if k:
            cells = [f"{m[c] / k[c]:.2f}" if m[c] is not None and k[c] else "" for c, _ in cols]
            print(f"| ratio Tidings / Kannel | {key[1]} | | " + " | ".join(cells) + " |")
