"""Timing, child processes and the results table."""

import json
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable


def median_seconds(function, repeat: int = 5) -> float:
    function()  # warm caches the way a running server has them
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def p95(times: list[float]) -> float:
    times = sorted(times)
    return times[max(0, int(round(len(times) * 0.95)) - 1)]


# The child reports its own peak: ru_maxrss of a process started by subprocess includes what the
# parent had reached, so read VmHWM from the child's own /proc status instead.
CHILD = textwrap.dedent("""
    import json, os, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, {root!r})
    {setup}
    started = time.perf_counter()
    {work}
    seconds = time.perf_counter() - started
    peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(json.dumps({{"seconds": seconds, "peak_mb": peak_kb / 1024}}))
""")
DJANGO_SETUP = "import django; django.setup()"


def in_child(work: str, setup: str = DJANGO_SETUP) -> dict:
    """Run `work` in a fresh Python process and report its time and its own peak memory (VmHWM)."""
    code = CHILD.format(root=str(ROOT), setup=setup, work=work)
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        raise CommandError(f"子进程失败：{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Results:
    def __init__(self, database: str, placements: int):
        self.meta = {"database": database, "placements_in_table": placements}
        self.rows: list[dict] = []

    def add(self, label, value, baseline, kind, target, *, unit="s", note="", extra=None, value_ratio=None,
            compare_value=None):
        if kind == "ratio":
            ratio = value_ratio if value_ratio is not None else value / baseline
            met = ratio <= target
        elif kind == "min_ratio":
            ratio = value / baseline if baseline else 0
            met = ratio >= target
        elif kind == "info":
            ratio, met = (value / baseline if baseline else None), True
        else:
            ratio = None
            met = (compare_value if compare_value is not None else value) <= target
        self.rows.append({"measure": label, "value": round(value, 4),
                          "baseline": None if baseline is None else round(baseline, 4),
                          "ratio": None if ratio is None else round(ratio, 3), "kind": kind, "target": target,
                          "unit": unit, "met": met, "note": note, **(extra or {})})
        return self.rows[-1]

    def report(self, stdout) -> None:
        stdout.write(f"\n数据库：{self.meta['database']}；表中用稿记录 {self.meta['placements_in_table']:,} 条\n")
        stdout.write(f"{'项目':<38}{'结果':>12}{'基准':>12}{'比值':>8}  {'目标':<12}{'达标':<4} 其他")
        keys = ("p95_ms", "cold_ms", "queries", "p99_ms", "errors", "non_2xx", "socket_errors", "timeouts", "note")
        for row in self.rows:
            target = {"ratio": f"比值≤{row['target']}", "min_ratio": f"比值≥{row['target']}",
                      "max": f"≤{row['target']}", "info": "—"}[row["kind"]]
            others = "；".join(f"{k}={row[k]}" for k in keys if row.get(k) not in (None, ""))
            baseline = "" if row["baseline"] is None else f"{row['baseline']:.4g}"
            ratio = "" if row["ratio"] is None else f"{row['ratio']:.2f}"
            stdout.write(f"{row['measure']:<38}{row['value']:>12.4g}{baseline:>12}{ratio:>8}  {target:<12}"
                         f"{'是' if row['met'] else '否':<4} {others}")

    def save(self, path: Path, key: str) -> None:
        path.parent.mkdir(exist_ok=True)
        existing = json.loads(path.read_text()) if path.exists() else {}
        existing[key] = {**self.meta, "rows": self.rows}
        path.write_text(json.dumps(existing, ensure_ascii=False, indent=2))
