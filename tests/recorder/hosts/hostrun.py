"""What the Copilot CLI and Gemini CLI recorders share: running the script
inside a network namespace that has only loopback, running the cases over a
few scratch slots each with its own fake API, and writing the table (merged
into the old one when only some cases were re-recorded)."""

import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

NS_MARK = "AGENTLS_RECORDER_IN_NETNS"


def enter_offline_namespace(without):
    """Re-run this script inside `unshare -n` with loopback up, so the host
    (and the fake API beside it) can reach nothing but 127.0.0.1. Without
    root it warns (`without`: what then keeps the host offline, or not) and
    runs as it is."""
    if os.environ.get(NS_MARK):
        return
    try:
        ok = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    except FileNotFoundError:
        ok = False
    if not ok:
        print(f"warning: `unshare -n` unavailable; {without}", file=sys.stderr)
        return
    os.environ[NS_MARK] = "1"
    script = "ip link set lo up 2>/dev/null || true; exec \"$@\""
    os.execvp("unshare", ["unshare", "-n", "--", "sh", "-c", script, "_", sys.executable] + sys.argv)


def record_in_slots(cases, jobs, make_api, prefix, record_case):
    """`record_case(api, scratch, case)` for every case, `jobs` at a time,
    each slot with its own fake API and scratch folder (wiped after every
    run: hosts unpack themselves into HOME). The rows, in case order."""
    root = Path(tempfile.mkdtemp(prefix=prefix)).resolve()
    slots = [(make_api(), root / f"w{i}") for i in range(max(1, jobs))]
    free, lock = list(slots), threading.Lock()

    def one(case):
        with lock:
            api, scratch = free.pop()
        try:
            return record_case(api, scratch, case)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
            with lock:
                free.append((api, scratch))

    try:
        with concurrent.futures.ThreadPoolExecutor(len(slots)) as pool:
            return list(pool.map(one, cases))
    finally:
        shutil.rmtree(root, ignore_errors=True)
        for api, _ in slots:
            api.close()


def write_table(out, head, rows, merge):
    """Write `head` plus the rows as `cases`, sorted by file; with `merge`,
    over the old table's rows of the same files."""
    if merge and out.exists():
        old = {r["file"]: r for r in json.loads(out.read_text())["cases"]}
        old.update({r["file"]: r for r in rows})
        rows = list(old.values())
    rows.sort(key=lambda r: r["file"])
    out.write_text(json.dumps({**head, "cases": rows}, indent=2, ensure_ascii=False) + "\n")
    return rows
