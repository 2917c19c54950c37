#!/usr/bin/env python3
"""Expected task distances for DistanceFixturesTest, computed independently with NumPy and SciPy.

Run from this folder with Debian's python3-numpy and python3-scipy:
    /usr/bin/python3 make_fixtures.py
It writes, for two fixture sets (equal: every task 12 rows; ragged: different row counts):
    <set>-tasks.csv     task,x0,x1,x2,y   (raw training rows, in order)
    <set>-expected.csv  distance,i,j,value (every pair i < j; i, j are task indices, sorted ids)
Each task is standardised with its own mean and population std + 1e-8, as ctl-spark does.
"""
import csv
import math

import numpy as np
from scipy.spatial.distance import cdist, jensenshannon, pdist
from scipy.stats import entropy, wasserstein_distance

D = 3


def standardise(a):
    return (a - a.mean(axis=0)) / (a.std(axis=0) + 1e-8)


def histogram_edges(all_y, bins):
    return dict(bins=bins, range=(all_y.min(), all_y.max()))


def distances(xs, ys):
    t = len(xs)
    all_y = np.concatenate(ys)
    out = {}

    def pairwise(name, f):
        for i in range(t):
            for j in range(i + 1, t):
                out[(name, i, j)] = f(i, j)

    g = [x.T @ y for x, y in zip(xs, ys)]
    unit = [v / (np.linalg.norm(v) + 1e-8) for v in g]
    ridge = [np.linalg.solve(x.T @ x + 0.01 * np.eye(D), x.T @ y) for x, y in zip(xs, ys)]
    pairwise("gradient", lambda i, j: np.linalg.norm(unit[i] - unit[j]))
    pairwise("model", lambda i, j: np.linalg.norm(ridge[i] - ridge[j]))
    pairwise("observed-label", lambda i, j: np.linalg.norm(g[i] - g[j]))

    same_shape = len({x.shape for x in xs}) == 1
    if same_shape:
        pairwise("feature", lambda i, j: math.sqrt(np.mean((xs[i] - xs[j]) ** 2)))
    else:
        mv = [np.concatenate([x.mean(axis=0), x.var(axis=0)]) for x in xs]
        pairwise("feature", lambda i, j: math.sqrt(np.mean((mv[i] - mv[j]) ** 2)))

    if len({len(y) for y in ys}) == 1:
        pairwise("target", lambda i, j: np.linalg.norm(ys[i] - ys[j]))
    else:
        pairwise("target", lambda i, j: wasserstein_distance(ys[i], ys[j]))

    kl_h = []
    for y in ys:
        h, _ = np.histogram(y, density=True, **histogram_edges(all_y, 19))
        p = h + 1e-8
        kl_h.append(p / p.sum())
    pairwise("kl", lambda i, j: (entropy(kl_h[i], kl_h[j]) + entropy(kl_h[j], kl_h[i])) / 2)

    pairwise("wasserstein", lambda i, j: wasserstein_distance(ys[i], ys[j]))

    bins = min(50, max(10, int(math.floor(math.sqrt(len(all_y))))))
    js_h = []
    for y in ys:
        h, _ = np.histogram(y, **histogram_edges(all_y, bins))
        p = h + 1e-8
        js_h.append(p / p.sum())
    pairwise("js-target", lambda i, j: jensenshannon(js_h[i], js_h[j]))

    mu = [x.mean(axis=0) for x in xs]
    cov = [np.cov(x, rowvar=False, ddof=1) + 1e-6 * np.eye(D) for x in xs]
    pairwise("mean-cov-feature", lambda i, j: np.linalg.norm(mu[i] - mu[j])
             + np.linalg.norm(cov[i] - cov[j], "fro"))

    pooled = np.vstack(xs)
    assert len(pooled) <= 1000
    sigma2 = np.median(pdist(pooled, "sqeuclidean")) / 2

    def k(a, b):
        return np.exp(-cdist(a, b, "sqeuclidean") / (2 * sigma2))

    def within(a):
        m = len(a)
        kk = k(a, a)
        return (kk.sum() - np.trace(kk)) / (m * (m - 1))

    def mmd(i, j):
        a, b = xs[i], xs[j]
        v = within(a) + within(b) - 2 * k(a, b).mean()
        return math.sqrt(max(0.0, v))

    pairwise("mmd-feature", mmd)

    if same_shape:
        cen = [x - x.mean(axis=0) for x in xs]

        def cka(i, j):
            a, b = cen[i], cen[j]
            hsic = np.linalg.norm(b.T @ a, "fro") ** 2
            return 1 - hsic / (np.linalg.norm(a.T @ a, "fro") * np.linalg.norm(b.T @ b, "fro"))

        pairwise("cka", cka)
    return out


def write(name, rows_per_task, seed):
    rng = np.random.default_rng(seed)
    raw_x, raw_y = [], []
    for t, n in enumerate(rows_per_task):
        x = rng.normal(loc=t, scale=1 + 0.3 * t, size=(n, D))
        theta = rng.normal(size=D) * (1 + t)
        y = x @ theta + rng.normal(scale=0.5 + 0.2 * t, size=n) + 3 * t
        raw_x.append(x)
        raw_y.append(y)
    with open(f"{name}-tasks.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["task", "x0", "x1", "x2", "y"])
        for t, (x, y) in enumerate(zip(raw_x, raw_y)):
            for r in range(len(y)):
                w.writerow([f"t{t}"] + [repr(float(v)) for v in x[r]] + [repr(float(y[r]))])
    xs = [standardise(x) for x in raw_x]
    ys = [standardise(y.reshape(-1, 1)).ravel() for y in raw_y]
    with open(f"{name}-expected.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["distance", "i", "j", "value"])
        for (dist, i, j), v in sorted(distances(xs, ys).items()):
            w.writerow([dist, i, j, repr(float(v))])


write("equal", [12, 12, 12, 12, 12], 20261122)
write("ragged", [10, 12, 15, 9, 11], 20261123)
