namespace EmotionGrid.Learning;

/// <summary>
/// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations: slow for big
/// matrices but exact to rounding and simple, and PCA only ever hands it a (components + oversampling)²
/// Rayleigh–Ritz matrix.
/// </summary>
internal static class SymmetricEigen
{
    /// <summary>Eigenvalues in descending order and the matching unit eigenvectors as columns of <c>Vectors</c>.</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        var m = matrix.GetLength(0);
        var a = (double[,])matrix.Clone();
        var v = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            v[i, i] = 1;
        }

        for (var sweep = 0; sweep < 100 && OffDiagonal(a) > 1e-30 * (1 + Diagonal(a)); sweep++)
        {
            for (var p = 0; p < m - 1; p++)
            {
                for (var q = p + 1; q < m; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }

                    // The rotation angle that zeroes a[p,q] (Golub & Van Loan, Algorithm 8.5.1).
                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < m; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < m; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }

                    for (var k = 0; k < m; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        var order = new int[m];
        var values = new double[m];
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
            values[i] = -a[i, i];
        }

        Array.Sort(values, order); // ascending of the negated values = descending eigenvalues
        var vectors = new double[m, m];
        for (var j = 0; j < m; j++)
        {
            values[j] = -values[j];
            for (var i = 0; i < m; i++)
            {
                vectors[i, j] = v[i, order[j]];
            }
        }

        return (values, vectors);
    }

    private static double OffDiagonal(double[,] a)
    {
        double sum = 0;
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(0); j++)
            {
                sum += i == j ? 0 : a[i, j] * a[i, j];
            }
        }

        return sum;
    }

    private static double Diagonal(double[,] a)
    {
        double sum = 0;
        for (var i = 0; i < a.GetLength(0); i++)
        {
            sum += a[i, i] * a[i, i];
        }

        return sum;
    }
}
