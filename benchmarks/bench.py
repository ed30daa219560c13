"""Speed and memory of micrograd's engine against a lecture-style closure engine.

Run with `make bench` (or `make bench BENCH_ARGS=--quick` for fewer repetitions).
Both engines run in this one process, in alternating blocks of steps, on the same
data and the same initial weights:

  - ours:     micrograd/engine.py (local derivatives stored as numbers, no cycles)
  - baseline: benchmarks/lecture_engine.py (a `_backward` closure per node, `_prev`
              as a set, recursive topological sort, as written in the lecture)

The workload is micrograd's demo: two moons (100 points), MLP(2, [16, 16, 1]) with
ReLU hidden layers and a linear output, SVM max-margin loss plus L2 regularization,
full-batch SGD with learning rate 1.0 - 0.9*k/100, 100 steps. The garbage collector
stays on, as in a learner's notebook. The script always exits 0; misses are printed.
"""

import argparse
import gc
import os
import statistics
import sys
import time
import tracemalloc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))   # the repository, for `micrograd`
sys.path.insert(0, HERE)                    # this folder, for `lecture_engine`

import lecture_engine  # noqa: E402

import micrograd  # noqa: E402
from micrograd.demo import make_moons, svm_loss  # noqa: E402

STEPS = 100                  # the demo's number of steps
MOONS_SEED = 1               # data and weights for which the demo reaches 100% accuracy
MODEL_SEED = 1
CHAIN_DEPTH = 1_000_000
BASELINE_FULL_RUN_LIMIT = 240.0  # seconds: beyond this, the baseline's 100 steps are extrapolated

TARGET_STEP_RATIO = 0.12
TARGET_BYTES_PER_NODE = 200


# ---------------------------------------------------------------------------- the workload

class Engine:
    """What the benchmark needs from an engine: its Value class and a fresh demo model."""

    def __init__(self, name, value_cls, make_model):
        self.name, self.Value, self.make_model = name, value_cls, make_model


OURS = Engine("ours", micrograd.Value,
              lambda: micrograd.MLP(2, [16, 16, 1], nonlin="relu", linear_output=True, seed=MODEL_SEED))
BASELINE = Engine("baseline", lecture_engine.Value,
                  lambda: lecture_engine.MLP(2, [16, 16, 1], seed=MODEL_SEED))


def moons_loss(engine, model, X, y):
    """The demo's loss (micrograd.demo.svm_loss) with the inputs wrapped in the engine's Value."""
    return svm_loss(model, [[engine.Value(a), engine.Value(b)] for a, b in X], y)


def moons_step(engine, model, X, y, k):
    """One step of the demo: forward, backward, SGD update. Returns (loss, accuracy)."""
    loss, accuracy = moons_loss(engine, model, X, y)
    model.zero_grad()
    loss.backward()
    learning_rate = 1.0 - 0.9 * k / STEPS
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    return loss.data, accuracy


class GcTimer:
    """Adds up the time spent in the cyclic garbage collector, through `gc.callbacks`."""

    def __init__(self):
        self.total = 0.0
        self._start = 0.0

    def __call__(self, phase, info):
        if phase == "start":
            self._start = time.process_time()
        else:
            self.total += time.process_time() - self._start

    def __enter__(self):
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc):
        gc.callbacks.remove(self)


class Training:
    """One engine's run of the demo, taken in blocks of steps, with each step timed."""

    def __init__(self, engine, X, y):
        self.engine, self.X, self.y = engine, X, y
        self.model = engine.make_model()
        self.wall, self.cpu, self.gc, self.history = [], [], [], []
        self.block_starts = []

    def run(self, steps):
        """Take `steps` more steps. A full collection (not timed) before and after the block
        keeps one engine's garbage from being collected during the other engine's steps."""
        gc.collect()
        self.block_starts.append(len(self.wall))
        with GcTimer() as gc_timer:
            for _ in range(steps):
                k = len(self.wall)
                gc_before = gc_timer.total
                w0, c0 = time.perf_counter(), time.process_time()
                self.history.append(moons_step(self.engine, self.model, self.X, self.y, k))
                self.wall.append(time.perf_counter() - w0)
                self.cpu.append(time.process_time() - c0)
                self.gc.append(gc_timer.total - gc_before)
        gc.collect()

    def median(self, key):
        """Median seconds per step of `key` ("wall", "cpu" or "gc"), leaving out the first step of
        each block: it starts on a clean heap, so it misses the collections a running demo pays for."""
        values = [t for i, t in enumerate(getattr(self, key)) if i not in self.block_starts]
        return statistics.median(values or getattr(self, key))

    @property
    def steps(self):
        """How many steps have been taken so far."""
        return len(self.wall)


# ---------------------------------------------------------------------------- the other measurements

def chain_backward_ms(depth):
    """Build x.relu().relu()... `depth` nodes deep with our engine; return (backward ms, x.grad)."""
    x = micrograd.Value(1.0)
    v = x
    for _ in range(depth):
        v = v.relu()
    t0 = time.perf_counter()
    v.backward()
    ms = (time.perf_counter() - t0) * 1e3
    return ms, x.grad


def baseline_chain_works(depth):
    """True if the lecture engine's backward() survives a chain `depth` nodes deep."""
    x = lecture_engine.Value(1.0)
    v = x
    for _ in range(depth):
        v = v.relu()
    try:
        v.backward()
    except RecursionError:
        return False
    return True


def baseline_max_depth(fails_at=10_000):
    """The deepest chain the lecture engine can differentiate, by bisection below `fails_at`.

    Returns None if even `fails_at` works (a raised recursion limit); a chain of 1,000,000
    would fail the same way, only after using much more memory, so we do not build one.
    """
    if baseline_chain_works(fails_at):
        return None
    lo, hi = 1, fails_at      # lo works, hi fails
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if baseline_chain_works(mid):
            lo = mid
        else:
            hi = mid
    return lo


def bytes_per_node(engine, X, y):
    """Traced bytes per Value for one forward graph of the moons loss (see the method note printed)."""
    model = engine.make_model()
    moons_loss(engine, model, X, y)           # warm up: caches, interned constants
    gc.collect()
    gc.disable()                              # nothing is freed by the collector while we count
    try:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        loss, _ = moons_loss(engine, model, X, y)
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    finally:
        gc.enable()
    nodes = count_nodes(loss) - len(model.parameters())
    return (after - before) / nodes, nodes


def count_nodes(root):
    """Number of distinct Values the graph of `root` holds (works for both engines)."""
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return len(seen)


# ---------------------------------------------------------------------------- report

def verdict(ok):
    """PASS, or a MISS that is hard to overlook."""
    return "PASS" if ok else "MISS  <<<<<<<<<<"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer baseline steps (always extrapolated) for a shorter run")
    args = parser.parse_args()
    baseline_steps = 6 if args.quick else 12
    started = time.perf_counter()
    X, y = make_moons(100, noise=0.1, seed=MOONS_SEED)

    print(f"micrograd benchmark{' (--quick)' if args.quick else ''}: Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    print("ours = micrograd/engine.py; baseline = benchmarks/lecture_engine.py (lecture design: _backward")
    print("closures, _prev as a set, recursive topological sort). Same data, same initial weights, gc on.")
    print()

    # 1. the demo, in alternating blocks so that both engines see the same machine load:
    #    ours runs all 100 steps; the baseline `baseline_steps`, then the rest or an extrapolation
    ours, base = Training(OURS, X, y), Training(BASELINE, X, y)
    ours.run(STEPS // 2)
    base.run(baseline_steps // 2)
    ours.run(STEPS - STEPS // 2)
    base.run(baseline_steps - baseline_steps // 2)
    projected = sum(base.wall) + base.median("wall") * (STEPS - base.steps)
    if not args.quick and projected <= BASELINE_FULL_RUN_LIMIT:
        base.run(STEPS - base.steps)
    extrapolated = base.steps < STEPS

    same = all(abs(a[0] - b[0]) <= 1e-9 * max(1.0, abs(a[0]))
               for a, b in zip(ours.history, base.history, strict=False))
    ours_step, base_step = ours.median("wall"), base.median("wall")
    ours_cpu, base_cpu = ours.median("cpu"), base.median("cpu")
    ours_gc, base_gc = ours.median("gc"), base.median("gc")
    ours_total = sum(ours.wall)
    base_total = sum(base.wall) + base_step * (STEPS - base.steps)
    step_ratio = ours_cpu / base_cpu
    final_loss, final_acc = ours.history[-1]

    print(f"Moons step (forward + backward + SGD, gc on; median over {ours.steps - len(ours.block_starts)} "
          f"steps of ours, {base.steps - len(base.block_starts)} of the baseline)")
    print(f"  {'':10} {'wall ms':>9} {'CPU ms':>9} {'in gc ms':>9} {'gc share':>9}")
    for name, w, c, g in (("ours", ours_step, ours_cpu, ours_gc), ("baseline", base_step, base_cpu, base_gc)):
        print(f"  {name:10} {w * 1e3:9.1f} {c * 1e3:9.1f} {g * 1e3:9.1f} {g / c:9.0%}")
    print("  in gc: CPU time inside the cyclic garbage collector during the step (gc.callbacks marks the")
    print("  start and stop of every collection); gc share = in gc / CPU. The ratios below use CPU time,")
    print(f"  which other processes on a shared machine disturb less than wall time (wall-time ratio: "
          f"{ours_step / base_step:.3f}).")
    print(f"  both engines computed the same loss at each of the first {base.steps} steps: "
          f"{'yes' if same else 'NO'}")
    print()
    print(f"Whole demo ({STEPS} steps)")
    print(f"  ours      {ours_total:7.1f} s   final loss {final_loss:.4f}, training accuracy {final_acc:.0%}")
    if extrapolated:
        print(f"  baseline  {base_total:7.1f} s   EXTRAPOLATED: {base.steps} steps measured "
              f"({sum(base.wall):.1f} s) + {STEPS - base.steps} x median step")
    else:
        print(f"  baseline  {base_total:7.1f} s   (all {STEPS} steps measured)")
    print()

    # 3. a 1,000,000-deep chain
    chain_ms, chain_grad = chain_backward_ms(CHAIN_DEPTH)
    chain_ok = chain_grad == 1.0
    base_depth = baseline_max_depth()
    print(f"Backward of a {CHAIN_DEPTH:,}-node chain (x.relu().relu()..., x = 1)")
    print(f"  ours      {chain_ms:7.0f} ms   x.grad = {chain_grad} ({'correct' if chain_ok else 'WRONG'})")
    if base_depth is None:
        print("  baseline  worked (recursion limit raised?)")
    else:
        print(f"  baseline  fails: RecursionError for any chain deeper than {base_depth:,} nodes "
              f"(recursion limit {sys.getrecursionlimit()}), so 1,000,000 is out of reach")
    print()

    # 4. memory
    ours_bytes, nodes = bytes_per_node(OURS, X, y)
    base_bytes, base_nodes = bytes_per_node(BASELINE, X, y)
    print("Bytes per graph node")
    print(f"  ours      {ours_bytes:7.0f}")
    print(f"  baseline  {base_bytes:7.0f}")
    print("  method: tracemalloc counts every allocation Python makes. With the collector paused, we")
    print(f"  build one forward graph of the moons loss (inputs, 100 scores, loss; {nodes:,} new Values,")
    print(f"  baseline {base_nodes:,}) and divide the growth of traced memory by that number. So a node's")
    print("  cost includes all it owns: the object, its data float (ours: nothing else) or its set, __dict__")
    print("  and closure with cells (baseline). Shared objects (parameters, constants) are not counted.")
    print()

    # 5. summary
    print("Ours / baseline, against the targets")
    print(f"  moons step (CPU)      {step_ratio:6.3f}x   target <= {TARGET_STEP_RATIO}x   "
          f"{verdict(step_ratio <= TARGET_STEP_RATIO)}")
    print(f"  whole demo            {ours_total / base_total:6.3f}x"
          f"{'   (baseline extrapolated)' if extrapolated else ''}")
    print(f"  bytes per node        {ours_bytes / base_bytes:6.3f}x   {ours_bytes:.0f} B, "
          f"target <= {TARGET_BYTES_PER_NODE} B   {verdict(ours_bytes <= TARGET_BYTES_PER_NODE)}")
    print(f"  {CHAIN_DEPTH:,}-deep chain  {'ok' if chain_ok else 'failed':>7}    target: no error       "
          f"{verdict(chain_ok)}")
    print(f"  demo accuracy         {final_acc:6.0%}    (micrograd's demo reaches 100%)")
    print(f"  time in gc            {ours_gc / ours_cpu:6.0%}    of our step "
          f"(baseline {base_gc / base_cpu:.0%})")
    print()
    print(f"Benchmark took {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
