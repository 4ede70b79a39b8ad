#!/usr/bin/env python3
"""PNG plots of a quasar sweep, from the files `quasar sweep` writes.

    scripts/plot_sweep.py OUT     reads OUT/results.csv and OUT/layers.csv, writes
                                  OUT/plots/pareto_<workload>.png and cycles_<workload>.png

The same plots as the SVGs quasar writes itself (sweep/include/quasar/sweep/plots.h):
throughput vs LUTs with the Pareto front (fewest LUTs, most throughput), and cycles per layer
(log scale), one line per configuration. Exit code 3 when matplotlib is missing (Debian:
python3-matplotlib, installed by scripts/setup.sh).
"""
import csv
import os
import re
import sys

try:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("plot_sweep.py: matplotlib is not installed (apt-get install python3-matplotlib)",
          file=sys.stderr)
    sys.exit(3)


def file_safe(name):
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", name)
    return safe or "none"


def pareto_front(points):
    """Indices of the points with minimal x and maximal y, sorted by x (first of equals)."""
    order = sorted(range(len(points)), key=lambda i: (points[i][0], -points[i][1], i))
    front = []
    for i in order:
        if not front or points[i][1] > points[front[-1]][1]:
            front.append(i)
    return front


def pareto_png(rows, workload, path):
    pts, labels = [], []
    for r in rows:
        if r["workload"] == workload and r["lut"] and r["throughput_gmacs"]:
            pts.append((float(r["lut"]), float(r["throughput_gmacs"])))
            labels.append(r["plot_label"])
    fig, ax = plt.subplots(figsize=(7.6, 5.0))
    ax.set_title("Throughput vs LUTs" + (" on " + workload if workload else "") +
                 " (Pareto front)")
    ax.set_xlabel("LUTs")
    ax.set_ylabel("throughput (GMAC/s at fpga.clock_mhz)")
    if not pts:
        ax.text(0.5, 0.5, "no point has both LUTs (stage synth) and cycles\n"
                "(stage analytical, systemc or cosim)", ha="center", va="center",
                transform=ax.transAxes, color="#555")
    else:
        front = pareto_front(pts)
        ax.scatter([p[0] for p in pts], [p[1] for p in pts], color="#1f77b4", alpha=0.6)
        ax.plot([pts[i][0] for i in front], [pts[i][1] for i in front], color="#d62728",
                marker="o")
        x_max = max(p[0] for p in pts)
        for i in front:
            left = pts[i][0] > 0.5 * x_max  # keep labels of right-hand points inside
            ax.annotate(labels[i][:40], pts[i], textcoords="offset points",
                        xytext=(-6 if left else 6, 6), ha="right" if left else "left",
                        fontsize=8)
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.grid(color="#eee")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def cycles_png(layers, workload, path):
    series = {}
    order = []
    for r in layers:
        if r["workload"] != workload:
            continue
        key = (int(r["point"]), r["plot_label"])
        if key not in series:
            series[key] = []
            order.append(key)
        series[key].append((r["layer"], int(r["cycles"])))
    fig, ax = plt.subplots(figsize=(9.8, 5.2))
    ax.set_title("Cycles per layer" + (" on " + workload if workload else ""))
    ax.set_ylabel("cycles per layer instance (log scale)")
    if not order:
        ax.text(0.5, 0.5, "no point has cycles (stage analytical, systemc or cosim)",
                ha="center", va="center", transform=ax.transAxes, color="#555")
    else:
        names = [name for name, _ in series[order[0]]]
        for key in order:
            xs = [i for i, (_, c) in enumerate(series[key]) if c > 0]
            ys = [c for _, c in series[key] if c > 0]
            ax.plot(xs, ys, marker="o", label=key[1][:34])
        ax.set_yscale("log")
        ax.set_xticks(range(len(names)))
        ax.set_xticklabels([n[:24] for n in names], rotation=35, ha="right", fontsize=8)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        ax.grid(color="#eee")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def read_csv(path):
    if not os.path.exists(path):
        return []
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    if len(sys.argv) != 2:
        print("usage: plot_sweep.py OUT  (the -o directory of quasar sweep)", file=sys.stderr)
        return 2
    out = sys.argv[1]
    rows = read_csv(os.path.join(out, "results.csv"))
    if not rows:
        print("plot_sweep.py: no rows in " + os.path.join(out, "results.csv"), file=sys.stderr)
        return 2
    layers = read_csv(os.path.join(out, "layers.csv"))
    plots = os.path.join(out, "plots")
    os.makedirs(plots, exist_ok=True)
    workloads = []
    for r in rows:
        if r["workload"] not in workloads:
            workloads.append(r["workload"])
    for w in workloads:
        pareto_png(rows, w, os.path.join(plots, "pareto_" + file_safe(w) + ".png"))
        cycles_png(layers, w, os.path.join(plots, "cycles_" + file_safe(w) + ".png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
