"""scikit-learn peer of benchmarks/ml.ts: the dask tutorial's random-forest grid search on Titanic.

Run: /usr/bin/python3 benchmarks/peers/ml.py [--repeat 1] [--skip-dask]
(Debian's python3-sklearn / python3-pandas / python3-distributed; the raw CSVs are in
/work/shared/data/titanic/, or pass --data DIR.)

Prints JSON lines {workload, engine, nJobs | backend, fits, trees, seconds, meanTestScore, bestParams}.
The grid is the tutorial's: max_depth [2,4,6] x n_estimators [100,200,500] x class_weight
[None,'balanced'], cv=4 (StratifiedKFold) -> 72 fits, 19,200 trees on ~668 x 12 rows.
"""
import json
import pathlib
import resource
import sys
import time

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV

PARAMS = {
    "max_depth": [2, 4, 6],
    "n_estimators": [100, 200, 500],
    "class_weight": [None, "balanced"],
}


def titanic(data_dir):
    """The tutorial's preprocessing, verbatim apart from the path."""
    train = pd.read_csv(data_dir / "train.csv", index_col="PassengerId")
    age_imputation = train.groupby(["Pclass", "Sex"])["Age"].mean()
    train = train.join(age_imputation, on=("Pclass", "Sex"), rsuffix="_imp")
    train.loc[train.Age.isnull(), "Age"] = train.loc[train.Age.isnull(), "Age_imp"]
    train.drop("Age_imp", axis=1, inplace=True)
    most_frequent_port = train.Embarked.value_counts().idxmax()
    train.fillna({"Embarked": most_frequent_port}, inplace=True)
    train.drop(["Name", "Ticket", "Cabin"], axis=1, inplace=True)
    train = pd.get_dummies(train, columns=["Pclass", "Sex", "Embarked"])
    features = train.columns[1:]
    return train[features], train["Survived"]


def emit(line):
    line["peakRssMiB"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(line), flush=True)


def run(X, y, n_jobs, backend=None):
    # random_state fixed so repeated runs fit the same forests; it does not change the cost.
    grid = GridSearchCV(RandomForestClassifier(random_state=0), PARAMS, cv=4, n_jobs=n_jobs)
    t0 = time.perf_counter()
    if backend is None:
        grid.fit(X, y)
    else:
        import joblib
        with joblib.parallel_backend(backend):
            grid.fit(X, y)
    seconds = time.perf_counter() - t0
    res = grid.cv_results_
    return seconds, {
        "meanTestScore": round(float(np.mean(res["mean_test_score"])), 6),
        "bestScore": round(float(grid.best_score_), 6),
        "bestParams": grid.best_params_,
    }


def main():
    args = sys.argv[1:]
    repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 1
    data_dir = pathlib.Path(args[args.index("--data") + 1]) if "--data" in args else pathlib.Path("/work/shared/data/titanic")
    X, y = titanic(data_dir)
    base = {"workload": "rf-grid-titanic", "engine": "sklearn-" + sklearn.__version__, "fits": 72, "trees": 19200,
            "rows": int(X.shape[0]), "features": int(X.shape[1])}
    for _ in range(repeat):
        for n_jobs in (1, 2):
            seconds, extra = run(X, y, n_jobs)
            emit({**base, "nJobs": n_jobs, "seconds": round(seconds, 3), **extra})
        if "--skip-dask" in args:
            continue
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            emit({**base, "backend": "dask", "skipped": "python3-distributed not installed"})
            continue
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
        try:
            seconds, extra = run(X, y, -1, backend="dask")
            emit({**base, "backend": "dask", "nWorkers": 2, "seconds": round(seconds, 3), **extra})
        finally:
            client.close()
            cluster.close()


if __name__ == "__main__":
    main()
