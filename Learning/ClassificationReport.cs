namespace EmotionGrid.Learning;

/// <summary>
/// Accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix (rows = truth,
/// columns = prediction), as scikit-learn's <c>classification_report</c> with <c>zero_division=0</c>.
/// Macro-F1 averages over the classes that occur in the truth or the predictions (scikit-learn's
/// default label set), so a class absent from both does not drag it down. <see cref="MajorityBaseline"/>
/// is the accuracy of always answering the most frequent true class: the number any model must beat.
/// </summary>
public sealed record ClassificationReport(
    IReadOnlyList<string> Classes,
    double Accuracy,
    double MacroF1,
    IReadOnlyList<ClassMetrics> PerClass,
    int[][] Confusion,
    double MajorityBaseline)
{
    public static ClassificationReport Compute(int[] truth, int[] predicted, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(classes);
        Matrix.RequireSameLength(truth.Length, predicted.Length, nameof(predicted));
        if (truth.Length == 0)
        {
            throw new ArgumentException("no rows to score", nameof(truth));
        }

        var k = classes.Count;
        var confusion = new int[k][];
        for (var c = 0; c < k; c++)
        {
            confusion[c] = new int[k];
        }

        var correct = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            if ((uint)truth[i] >= (uint)k || (uint)predicted[i] >= (uint)k)
            {
                throw new ArgumentException($"row {i}: class index outside 0..{k - 1}");
            }

            confusion[truth[i]][predicted[i]]++;
            correct += truth[i] == predicted[i] ? 1 : 0;
        }

        var perClass = new ClassMetrics[k];
        double f1Sum = 0;
        var present = 0;
        var majority = 0;
        for (var c = 0; c < k; c++)
        {
            var support = 0;
            var predictedAs = 0;
            for (var other = 0; other < k; other++)
            {
                support += confusion[c][other];
                predictedAs += confusion[other][c];
            }

            var hits = confusion[c][c];
            var precision = predictedAs == 0 ? 0 : (double)hits / predictedAs;
            var recall = support == 0 ? 0 : (double)hits / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(classes[c], precision, recall, f1, support);
            majority = Math.Max(majority, support);
            if (support > 0 || predictedAs > 0)
            {
                f1Sum += f1;
                present++;
            }
        }

        return new ClassificationReport(
            classes, (double)correct / truth.Length, f1Sum / present, perClass, confusion, (double)majority / truth.Length);
    }
}
