using System.Numerics.Tensors;

namespace EmotionGrid.Learning;

/// <summary>
/// k-means as scikit-learn's <c>KMeans(init="k-means++", n_init=restarts, algorithm="lloyd")</c>:
/// greedy k-means++ seeding (2 + ln k candidates per centre, keep the one that lowers the potential
/// most), Lloyd iterations until no row changes cluster or the centres move less than 1e-4 × the mean
/// feature variance (squared, summed), best of the restarts by inertia. A cluster left empty is
/// re-seeded with the row farthest from its own centre. Restarts run in parallel, each from its own
/// seeded stream, so the result depends on the seed only.
/// </summary>
public static class KMeans
{
    private const double RelativeTolerance = 1e-4;

    public static KMeansResult Fit(float[][] x, int k, int restarts = 10, int maxIterations = 300, int seed = 0)
    {
        Matrix.RequireRectangular(x, nameof(x));
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, x.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);

        var norms = SquaredNorms(x);
        var tolerance = RelativeTolerance * MeanFeatureVariance(x);
        var results = new KMeansResult[restarts];
        Parallel.For(0, restarts, r =>
        {
            var random = new SplitMix64(SplitMix64.Derive(seed, r));
            results[r] = Lloyd(x, norms, PlusPlus(x, norms, k, ref random), maxIterations, tolerance);
        });

        var best = results[0];
        foreach (var result in results)
        {
            best = result.Inertia < best.Inertia ? result : best;
        }

        return best;
    }

    /// <summary>Lloyd iterations from given centres (tests use it to start from a deliberately bad place).</summary>
    internal static KMeansResult FitFrom(float[][] x, float[][] initialCentroids, int maxIterations = 300)
    {
        Matrix.RequireRectangular(x, nameof(x));
        var start = Array.ConvertAll(initialCentroids, c => (float[])c.Clone());
        return Lloyd(x, SquaredNorms(x), start, maxIterations, RelativeTolerance * MeanFeatureVariance(x));
    }

    private static KMeansResult Lloyd(float[][] x, float[] norms, float[][] centroids, int maxIterations, double tolerance)
    {
        var n = x.Length;
        var k = centroids.Length;
        var d = x[0].Length;
        var assignments = new int[n];
        Array.Fill(assignments, -1);
        var distances = new float[n];
        var counts = new int[k];
        var sums = new float[k][];
        for (var c = 0; c < k; c++)
        {
            sums[c] = new float[d];
        }

        var iterations = 0;
        while (iterations < maxIterations)
        {
            iterations++;
            var changed = Assign(x, norms, centroids, assignments, distances);
            ReseedEmptyClusters(x, assignments, distances, k);

            Array.Clear(counts);
            foreach (var sum in sums)
            {
                Array.Clear(sum);
            }

            for (var i = 0; i < n; i++)
            {
                counts[assignments[i]]++;
                TensorPrimitives.Add(sums[assignments[i]], x[i], sums[assignments[i]]);
            }

            double shift = 0;
            for (var c = 0; c < k; c++)
            {
                if (counts[c] == 0)
                {
                    centroids[c].CopyTo(sums[c], 0); // only when rows are too few and identical to re-seed it
                }
                else
                {
                    TensorPrimitives.Divide(sums[c], counts[c], sums[c]);
                }

                var moved = TensorPrimitives.Distance(sums[c], centroids[c]);
                shift += (double)moved * moved;
                (centroids[c], sums[c]) = (sums[c], centroids[c]);
            }

            if (changed == 0 || shift <= tolerance)
            {
                break;
            }
        }

        // Labels must match the final centres (the last update moved them after assigning).
        Assign(x, norms, centroids, assignments, distances);
        double inertia = 0;
        for (var i = 0; i < n; i++)
        {
            var distance = TensorPrimitives.Distance(x[i], centroids[assignments[i]]);
            inertia += (double)distance * distance;
        }

        return new KMeansResult(centroids, assignments, inertia, iterations);
    }

    /// <summary>Nearest centre per row via ‖x‖² − 2x·c + ‖c‖² (one dot product per pair); returns how many rows changed.</summary>
    private static int Assign(float[][] x, float[] norms, float[][] centroids, int[] assignments, float[] distances)
    {
        var centroidNorms = SquaredNorms(centroids);
        var changed = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var best = 0;
            var bestDistance = float.PositiveInfinity;
            for (var c = 0; c < centroids.Length; c++)
            {
                var distance = centroidNorms[c] - (2 * TensorPrimitives.Dot(x[i], centroids[c]));
                if (distance < bestDistance)
                {
                    bestDistance = distance;
                    best = c;
                }
            }

            distances[i] = Math.Max(0, bestDistance + norms[i]);
            if (assignments[i] != best)
            {
                assignments[i] = best;
                changed++;
            }
        }

        return changed;
    }

    /// <summary>
    /// Gives each empty cluster the row that is currently worst served (largest distance to its centre),
    /// as scikit-learn does; taking the farthest rows first spreads the new centres into the tails.
    /// </summary>
    private static void ReseedEmptyClusters(float[][] x, int[] assignments, float[] distances, int k)
    {
        var sizes = new int[k];
        foreach (var a in assignments)
        {
            sizes[a]++;
        }

        for (var c = 0; c < k; c++)
        {
            if (sizes[c] > 0)
            {
                continue;
            }

            var farthest = -1;
            for (var i = 0; i < x.Length; i++)
            {
                if (sizes[assignments[i]] > 1 && (farthest < 0 || distances[i] > distances[farthest]))
                {
                    farthest = i;
                }
            }

            if (farthest < 0)
            {
                return; // fewer distinct rows than clusters: nothing can be moved without emptying another
            }

            sizes[assignments[farthest]]--;
            sizes[c] = 1;
            assignments[farthest] = c;
            distances[farthest] = 0;
        }
    }

    private static float[][] PlusPlus(float[][] x, float[] norms, int k, ref SplitMix64 random)
    {
        var n = x.Length;
        var trials = 2 + (int)Math.Log(k);
        var centroids = new float[k][];
        centroids[0] = (float[])x[random.NextInt(n)].Clone();
        var closest = new double[n];
        DistancesTo(x, norms, centroids[0], closest);
        var potential = Sum(closest);
        var candidate = new double[n];
        var bestCandidate = new double[n];
        for (var c = 1; c < k; c++)
        {
            var bestPotential = double.PositiveInfinity;
            var bestIndex = -1;
            for (var t = 0; t < trials; t++)
            {
                var index = potential > 0 ? SampleProportional(closest, random.NextDouble() * potential) : random.NextInt(n);
                DistancesTo(x, norms, x[index], candidate);
                double candidatePotential = 0;
                for (var i = 0; i < n; i++)
                {
                    candidate[i] = Math.Min(candidate[i], closest[i]);
                    candidatePotential += candidate[i];
                }

                if (candidatePotential < bestPotential)
                {
                    bestPotential = candidatePotential;
                    bestIndex = index;
                    (bestCandidate, candidate) = (candidate, bestCandidate);
                }
            }

            centroids[c] = (float[])x[bestIndex].Clone();
            (closest, bestCandidate) = (bestCandidate, closest);
            potential = bestPotential;
        }

        return centroids;
    }

    private static int SampleProportional(double[] weights, double target)
    {
        double cumulative = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (cumulative > target)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static void DistancesTo(float[][] x, float[] norms, float[] centre, double[] into)
    {
        var centreNorm = TensorPrimitives.Dot(centre, centre);
        for (var i = 0; i < x.Length; i++)
        {
            into[i] = Math.Max(0, norms[i] + centreNorm - (2 * TensorPrimitives.Dot(x[i], centre)));
        }
    }

    private static float[] SquaredNorms(float[][] rows)
    {
        var norms = new float[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            norms[i] = TensorPrimitives.Dot(rows[i], rows[i]);
        }

        return norms;
    }

    private static double MeanFeatureVariance(float[][] x)
    {
        var d = x[0].Length;
        var mean = new double[d];
        var square = new double[d];
        foreach (var row in x)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
                square[j] += (double)row[j] * row[j];
            }
        }

        double total = 0;
        for (var j = 0; j < d; j++)
        {
            var m = mean[j] / x.Length;
            total += Math.Max(0, (square[j] / x.Length) - (m * m));
        }

        return total / d;
    }

    private static double Sum(double[] values)
    {
        double total = 0;
        foreach (var v in values)
        {
            total += v;
        }

        return total;
    }
}
