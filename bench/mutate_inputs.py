#!/usr/bin/env python3
"""Damaged-file robustness run: mutated copies of real input files through `deepmapper inspect`.

Each case copies one source file (../shared/data: .h5ad, 10x .h5, the 10x matrix folders)
and damages it one way: a few random bytes changed, a block zeroed, or the tail cut off.
`deepmapper inspect` (which parses and loads the whole chosen matrix) runs on it with a
wall-clock limit. A case is
  ok      exit 0 (the damage missed anything read) or exit 2 with a message (a clean error)
  contained  exit 2: the reader helper crashed or hung inside libhdf5 and the message says so
  error   another non-zero exit with a message (an unexpected but handled error)
  CRASH   the deepmapper process died from a signal (ours: the reader helper may die)
  HANG    the deepmapper process outlived the wall-clock limit
  BADMSG  exit 2 but the message says "not found" for a file that exists, or is empty
The goal is 0 CRASH, 0 HANG, 0 BADMSG. Contained, crashing and hanging cases are kept in --keep.

  bench/mutate_inputs.py --deepmapper build/app/cli/deepmapper --cases 1000 [--jobs 2]
"""
import argparse
import collections
import concurrent.futures
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def sources(shared):
    data = os.path.join(shared, "data")
    out = []
    for root, _, files in os.walk(data):
        for f in sorted(files):
            if f.endswith((".h5ad", ".h5")):
                out.append(("file", os.path.join(root, f)))
        if "matrix.mtx" in files or "matrix.mtx.gz" in files:
            out.append(("dir", root))
    return sorted(out)


def damage(data, rng):
    data = bytearray(data)
    kind = rng.choice(["bytes", "zero", "cut"])
    if kind == "bytes":
        for _ in range(rng.randint(1, 16)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == "zero":
        n = rng.choice([8, 64, 512, 4096])
        at = rng.randrange(max(1, len(data) - n))
        data[at:at + n] = bytes(min(n, len(data) - at))
    else:
        data = data[:rng.randrange(1, len(data))]
    return kind, bytes(data)


def make_case(kind, src, rng, workdir, index):
    """Returns (path to give deepmapper, description)."""
    if kind == "file":
        with open(src, "rb") as f:
            how, data = damage(f.read(), rng)
        path = os.path.join(workdir, "case%05d_%s" % (index, os.path.basename(src)))
        with open(path, "wb") as f:
            f.write(data)
        return path, "%s %s" % (how, os.path.basename(src))
    # a 10x folder: damage one of its files
    folder = os.path.join(workdir, "case%05d_%s" % (index, os.path.basename(src)))
    shutil.copytree(src, folder)
    victim = rng.choice(sorted(os.listdir(folder)))
    vpath = os.path.join(folder, victim)
    os.chmod(vpath, 0o644)
    with open(vpath, "rb") as f:
        how, data = damage(f.read(), rng)
    with open(vpath, "wb") as f:
        f.write(data)
    return folder, "%s %s/%s" % (how, os.path.basename(src), victim)


def run_case(deepmapper, path, limit, env):
    t0 = time.monotonic()
    try:
        p = subprocess.run([deepmapper, "inspect", path], capture_output=True, text=True, errors="replace",
                           timeout=limit, env=env, start_new_session=True)
    except subprocess.TimeoutExpired:
        return "HANG", None, "", time.monotonic() - t0
    except OSError as e:  # the executable could not be started (e.g. being rebuilt)
        return "error", None, "could not start deepmapper: %s" % e, time.monotonic() - t0
    dt = time.monotonic() - t0
    msg = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    if p.returncode < 0:
        return "CRASH", p.returncode, msg, dt
    if p.returncode == 0:
        return "ok", 0, msg, dt
    if not msg or "not found" in msg:
        return "BADMSG", p.returncode, msg, dt
    if p.returncode == 2 and ("library crashed" in msg or "hung" in msg or "reader stopped" in msg):
        return "contained", p.returncode, msg, dt
    return ("ok" if p.returncode == 2 else "error"), p.returncode, msg, dt


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--deepmapper", required=True)
    ap.add_argument("--shared", default=os.environ.get("DM_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../shared")))
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=float, default=60.0, help="wall-clock seconds per case before it counts as a hang")
    ap.add_argument("--keep", default="mutate_failures", help="folder for crashing/hanging cases")
    args = ap.parse_args()

    srcs = sources(args.shared)
    if not srcs:
        sys.exit("no input files under %s/data" % args.shared)
    rng = random.Random(args.seed)
    env = dict(os.environ)
    env.setdefault("DM_READER_STALL_SECONDS", "15")
    work = tempfile.mkdtemp(prefix="dm-mutate-")
    counts = collections.Counter()
    by_kind = collections.defaultdict(collections.Counter)
    bad = []
    contained = []
    start = time.monotonic()
    try:
        cases = []
        for i in range(args.cases):
            kind, src = srcs[i % len(srcs)]
            cases.append((i,) + make_case(kind, src, rng, work, i))
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(run_case, args.deepmapper, path, args.limit, env): (i, path, desc)
                       for i, path, desc in cases}
            for fut in concurrent.futures.as_completed(futures):
                i, path, desc = futures[fut]
                result, rc, msg, dt = fut.result()
                counts[result] += 1
                by_kind[desc.split()[0]][result] += 1
                if result == "contained":
                    contained.append((desc, msg))
                    os.makedirs(args.keep, exist_ok=True)
                    dst = os.path.join(args.keep, os.path.basename(path))
                    (shutil.copytree if os.path.isdir(path) else shutil.copy)(path, dst)
                if result in ("CRASH", "HANG", "BADMSG", "error"):
                    bad.append((result, rc, desc, msg, dt))
                    if result != "error":
                        os.makedirs(args.keep, exist_ok=True)
                        dst = os.path.join(args.keep, os.path.basename(path))
                        (shutil.copytree if os.path.isdir(path) else shutil.copy)(path, dst)
                # remove as we go
                (shutil.rmtree if os.path.isdir(path) else os.remove)(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - start
    print("cases: %d from %d sources in %.0f s (%d at once)" % (args.cases, len(srcs), elapsed, args.jobs))
    for k in ("ok", "contained", "error", "CRASH", "HANG", "BADMSG"):
        print("  %-9s %d" % (k, counts[k]))
    for how in sorted(by_kind):
        print("  %-6s %s" % (how, dict(by_kind[how])))
    for desc, msg in contained[:10]:
        print("  contained %s: %s" % (desc, msg[:300]))
    for result, rc, desc, msg, dt in sorted(bad)[:40]:
        print("  %s rc=%s %.1fs %s: %s" % (result, rc, dt, desc, msg[:300]))
    return 1 if counts["CRASH"] or counts["HANG"] or counts["BADMSG"] else 0


if __name__ == "__main__":
    sys.exit(main())
