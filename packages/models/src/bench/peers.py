"""Peer baselines on the exact folds/splits written by models-bench (see peers.ts).

Reads DIR/manifest.json, runs Surprise SVD / SVD++ on every fold and implicit ALS / BPR on the top-N split,
and prints one JSON object: rating metrics per algorithm (mean over folds) and, for top-N, the top-10 lists
per test user (train and valid items filtered) so the TypeScript side scores them with its own metrics.
"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402


def log(msg):
    print(f"[peers] {msg}", file=sys.stderr, flush=True)


def read_tsv(path):
    with open(path) as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


def run_surprise(d, folds, algos):
    from surprise import SVD, Dataset, Reader, SVDpp, accuracy

    makers = {"SVD": lambda: SVD(random_state=0), "SVD++": lambda: SVDpp(random_state=0)}
    out = {}
    for name in algos:
        rmses, maes, secs, cpu = [], [], [], []
        for k in range(folds):
            reader = Reader(line_format="user item rating", sep="\t", rating_scale=(1, 5))
            train = Dataset.load_from_file(os.path.join(d, f"fold{k}.train.tsv"), reader=reader).build_full_trainset()
            test = [(u, i, float(r)) for u, i, r in read_tsv(os.path.join(d, f"fold{k}.test.tsv"))]
            algo = makers[name]()
            t0, c0 = time.perf_counter(), time.process_time()
            algo.fit(train)
            secs.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            preds = algo.test(test)
            rmses.append(accuracy.rmse(preds, verbose=False))
            maes.append(accuracy.mae(preds, verbose=False))
            log(f"surprise {name} fold {k + 1}/{folds}: rmse {rmses[-1]:.4f} in {secs[-1]:.1f}s")
        out[name] = {"rmse": float(np.mean(rmses)), "mae": float(np.mean(maes)),
                     "trainSeconds": float(np.mean(secs)), "cpuSeconds": float(np.mean(cpu))}
    return out


def run_implicit(d, params):
    import implicit
    from implicit.als import AlternatingLeastSquares
    from implicit.bpr import BayesianPersonalizedRanking

    train, valid, test = (read_tsv(os.path.join(d, f"{p}.tsv")) for p in ("train", "valid", "test"))
    users = sorted({r[0] for r in train + valid + test})
    items = sorted({r[1] for r in train + valid + test})
    uix = {u: k for k, u in enumerate(users)}
    iix = {i: k for k, i in enumerate(items)}

    def matrix(rows):
        m = sp.csr_matrix((np.ones(len(rows), dtype=np.float32),
                           ([uix[r[0]] for r in rows], [iix[r[1]] for r in rows])), shape=(len(users), len(items)))
        m.sum_duplicates()
        return m

    train_m = matrix(train)
    seen = matrix(train + valid)
    seen.data[:] = 1
    test_users = np.array(sorted({uix[r[0]] for r in test}), dtype=np.int32)
    makers = {
        "implicit-ALS": lambda: AlternatingLeastSquares(
            factors=params["als"]["factors"], regularization=params["als"]["regularization"],
            alpha=params["als"]["alpha"], iterations=params["als"]["iterations"],
            random_state=42, num_threads=1, calculate_training_loss=False),
        "implicit-BPR": lambda: BayesianPersonalizedRanking(
            factors=params["bpr"]["factors"], learning_rate=params["bpr"]["learningRate"],
            regularization=params["bpr"]["regularization"], iterations=params["bpr"]["epochs"],
            random_state=42, num_threads=1),
        # The libraries' own defaults too, so a poor figure cannot be blamed on our settings.
        "implicit-ALS-defaults": lambda: AlternatingLeastSquares(
            random_state=42, num_threads=1, calculate_training_loss=False),
        "implicit-BPR-defaults": lambda: BayesianPersonalizedRanking(random_state=42, num_threads=1),
    }
    out = {"version": implicit.__version__}
    for name, make in makers.items():
        model = make()
        t0, c0 = time.perf_counter(), time.process_time()
        model.fit(train_m, show_progress=False)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        ids, _ = model.recommend(test_users, seen[test_users], N=10, filter_already_liked_items=True)
        recs = {users[u]: [items[i] for i in row if i >= 0] for u, row in zip(test_users, ids)}
        out[name] = {"trainSeconds": secs, "cpuSeconds": cpu, "recs": recs}
        log(f"implicit {name}: {secs:.2f}s")
    return out


def main():
    d = sys.argv[1]
    manifest = json.load(open(os.path.join(d, "manifest.json")))
    result = {}
    if manifest.get("surpriseFolds"):
        import surprise
        result["surpriseVersion"] = surprise.__version__
        result["surprise"] = run_surprise(os.path.join(d, "surprise"), manifest["surpriseFolds"], ["SVD", "SVD++"])
    if manifest.get("recbole"):
        result["implicit"] = run_implicit(os.path.join(d, "recbole"), manifest["params"])
    print(json.dumps(result))


if __name__ == "__main__":
    main()
