"""scikit-learn peer for `dotnet run -c Release --project bench -- train`.

Reads x.npy (float32 rows), y.npy (int32 classes), folds.npy (int32 fold of each row, speaker-grouped,
chosen by the C# side so both use identical folds) and settings.json from the folder given as the only
argument; prints one JSON object. Times only fit + predict, never loading or interpreter start-up.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.ensemble import RandomForestClassifier
from sklearn.preprocessing import StandardScaler


def main(folder):
    with open(os.path.join(folder, "settings.json")) as f:
        settings = json.load(f)
    x = np.load(os.path.join(folder, "x.npy"))
    y = np.load(os.path.join(folder, "y.npy"))
    folds = np.load(os.path.join(folder, "folds.npy"))

    standardised = StandardScaler().fit_transform(x).astype(np.float32)
    start = time.perf_counter()
    kmeans = KMeans(n_clusters=settings["k"], init="k-means++", n_init=10, algorithm="lloyd", random_state=0).fit(standardised)
    kmeans_seconds = time.perf_counter() - start

    correct = 0
    scored = 0
    start = time.perf_counter()
    for fold in settings["scored_folds"]:
        train, test = folds != fold, folds == fold
        forest = RandomForestClassifier(
            n_estimators=settings["trees"],
            max_depth=settings["max_depth"],
            min_samples_leaf=settings["min_samples_leaf"],
            max_features="sqrt",
            bootstrap=True,
            n_jobs=settings["n_jobs"],
            random_state=0,
        ).fit(x[train], y[train])
        correct += int((forest.predict(x[test]) == y[test]).sum())
        scored += int(test.sum())
    forest_seconds = time.perf_counter() - start

    print(json.dumps({
        "kmeans_seconds": kmeans_seconds,
        "kmeans_inertia": float(kmeans.inertia_),
        "forest_seconds": forest_seconds,
        "forest_accuracy": correct / scored,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
