using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// What every ML.NET learner does before its trainer runs: the argument checks, the context and the training data.
/// Only the classes that have rows are shown to ML.NET, each named by our class index: a class missing from a fold
/// then gets probability 0 (as in our forest) rather than whatever a trainer makes of a class it never saw, and the
/// fitted model itself says which class each of its scores belongs to, in our order whatever the rows' order.
/// </summary>
internal static class MlNetTraining
{
    /// <summary>ML.NET's annotation kind for a key column's values (its AnnotationUtils.Kinds is not public).</summary>
    private const string KeyValuesKind = "KeyValues";

    /// <summary>Checks the rows and labels as <see cref="RandomForestClassifier.Fit"/> does, plus finiteness; returns the classes present, ascending.</summary>
    public static int[] Validate(float[][] x, int[] y, int classCount)
    {
        var d = Matrix.RequireRectangular(x, nameof(x));
        ArgumentNullException.ThrowIfNull(y);
        Matrix.RequireSameLength(x.Length, y.Length, nameof(y));
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var seen = new bool[classCount];
        foreach (var label in y)
        {
            if (label < 0 || label >= classCount)
            {
                throw new ArgumentException($"label {label} is outside 0..{classCount - 1}", nameof(y));
            }

            seen[label] = true;
        }

        for (var i = 0; i < x.Length; i++)
        {
            var row = x[i];
            for (var j = 0; j < d; j++)
            {
                if (!float.IsFinite(row[j]))
                {
                    throw new ArgumentException($"row {i} feature {j} is {row[j]}: features must be finite", nameof(x));
                }
            }
        }

        var present = Enumerable.Range(0, classCount).Where(c => seen[c]).ToArray();
        if (present.Length < 2)
        {
            throw new ArgumentException($"at least two classes need rows, got only class {present[0]}", nameof(y));
        }

        return present;
    }

    /// <summary>
    /// A fresh context per fit: a context is not thread-safe and its seed drives the trainers' randomness. Nothing
    /// subscribes to its <see cref="MLContext.Log"/>, so ML.NET writes nothing anywhere.
    /// </summary>
    public static MLContext Context(int seed) => new(seed);

    /// <summary>
    /// The rows as an ML.NET data view: the label a key over the <paramref name="present"/> classes, each key's value
    /// the class index as text (ML.NET copies it to the score column's slot names and saves it with the model).
    /// The token is checked on every row ML.NET reads, so a trainer's passes over the data stop on cancellation.
    /// </summary>
    public static IDataView Data(MLContext context, float[][] x, int[] y, int[] present, CancellationToken cancellationToken)
    {
        var slotOf = new uint[present[^1] + 1];
        for (var s = 0; s < present.Length; s++)
        {
            slotOf[present[s]] = (uint)s;
        }

        // The label field is the 0-based slot: LoadFromEnumerable stores key field + 1 (key 0 is "missing").
        var rows = new MlNetTrainingRow[x.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new MlNetTrainingRow { Label = slotOf[y[i]], Features = x[i] };
        }

        var definition = SchemaDefinition.Create(typeof(MlNetTrainingRow));
        definition[nameof(MlNetTrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, x[0].Length);
        var label = definition[nameof(MlNetTrainingRow.Label)];
        label.ColumnType = new KeyDataViewType(typeof(uint), present.Length);
        var names = new VBuffer<ReadOnlyMemory<char>>(present.Length, Array.ConvertAll(present, c => c.ToString(CultureInfo.InvariantCulture).AsMemory()));
        label.AddAnnotation(KeyValuesKind, names, new VectorDataViewType(TextDataViewType.Instance, present.Length));
        return context.Data.LoadFromEnumerable(Cancellable(rows, cancellationToken), definition);
    }

    /// <summary>The input schema of prediction: one vector of <paramref name="featureCount"/> floats named Features.</summary>
    public static SchemaDefinition FeatureDefinition(int featureCount)
    {
        var definition = SchemaDefinition.Create(typeof(MlNetFeatureRow));
        definition[nameof(MlNetFeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return definition;
    }

    private static IEnumerable<MlNetTrainingRow> Cancellable(MlNetTrainingRow[] rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }
    }
}
