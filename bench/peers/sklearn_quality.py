"""scikit-learn peers for `dotnet run -c Release --project bench -- quality`.

Reads x.npy (float32 rows, already normalised by EmotionGrid exactly as our learners see them), y.npy (int32
classes) and folds.npy (int32 outer fold of each row: 4 folds of 4 actors) from the folder given as the only
argument. Fits RandomForest (500 trees, class_weight balanced) and LogisticRegression (C=0.1, balanced) on the
other folds' rows and predicts each fold's rows; prints one markdown table row per learner in the C# table's
columns (learner | augmentation | accuracy | macro-F1 | recall per class | ECE).
"""
import os
import sys

import numpy as np
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, recall_score
from sklearn.preprocessing import StandardScaler


def ece(probabilities, truth, bins=10):
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == truth
    index = np.minimum((confidence * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        members = index == b
        if members.any():
            total += abs(correct[members].mean() - confidence[members].mean()) * members.sum() / len(truth)
    return total


def main(folder):
    x = np.load(os.path.join(folder, "x.npy")).astype(np.float64)
    y = np.load(os.path.join(folder, "y.npy"))
    folds = np.load(os.path.join(folder, "folds.npy"))
    learners = {
        "sklearn RandomForest": lambda: RandomForestClassifier(n_estimators=500, class_weight="balanced", n_jobs=-1, random_state=0),
        "sklearn LogisticRegression": lambda: LogisticRegression(C=0.1, class_weight="balanced", max_iter=5000),
    }
    for name, make in learners.items():
        probabilities = np.zeros((len(y), y.max() + 1))
        for fold in np.unique(folds):
            train, test = folds != fold, folds == fold
            scaler = StandardScaler().fit(x[train])
            model = make().fit(scaler.transform(x[train]), y[train])
            probabilities[test] = model.predict_proba(scaler.transform(x[test]))
        predicted = probabilities.argmax(axis=1)
        recall = " | ".join(f"{r:.2f}" for r in recall_score(y, predicted, average=None))
        print(f"{name} | off | {accuracy_score(y, predicted):.3f} | {f1_score(y, predicted, average='macro'):.3f} | {recall} | {ece(probabilities, y):.3f} |")


if __name__ == "__main__":
    main(sys.argv[1])
