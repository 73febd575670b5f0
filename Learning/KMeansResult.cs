using System.Numerics.Tensors;

namespace EmotionGrid.Learning;

/// <summary>
/// A fitted clustering: <see cref="Centroids"/> (k rows), the cluster of every training row,
/// the inertia (sum of squared distances to the assigned centroid) and the Lloyd iterations used.
/// </summary>
public sealed record KMeansResult(float[][] Centroids, int[] Assignments, double Inertia, int Iterations)
{
    /// <summary>The nearest centroid (lowest index on a tie).</summary>
    public int Predict(ReadOnlySpan<float> vector)
    {
        Matrix.RequireDimension(Centroids[0].Length, vector.Length, nameof(vector));
        var best = 0;
        var bestDistance = float.PositiveInfinity;
        for (var c = 0; c < Centroids.Length; c++)
        {
            var distance = TensorPrimitives.Distance(vector, Centroids[c]);
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = c;
            }
        }

        return best;
    }
}
