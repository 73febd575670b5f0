namespace EmotionGrid.Learning.Tests;

public class ClusterAgreementTests
{
    [Fact]
    public void Identical_and_renamed_partitions_agree_perfectly()
    {
        int[] a = [0, 0, 1, 1, 2, 2, 2];
        int[] renamed = [7, 7, 3, 3, 5, 5, 5];

        Assert.Equal(1, ClusterAgreement.NormalizedMutualInformation(a, a), 12);
        Assert.Equal(1, ClusterAgreement.AdjustedRandIndex(a, a), 12);
        Assert.Equal(1, ClusterAgreement.NormalizedMutualInformation(a, renamed), 12);
        Assert.Equal(1, ClusterAgreement.AdjustedRandIndex(a, renamed), 12);
    }

    [Fact]
    public void Independent_partitions_score_about_zero()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, 20_000).Select(_ => random.Next(4)).ToArray();
        var b = Enumerable.Range(0, 20_000).Select(_ => random.Next(5)).ToArray();

        Assert.InRange(ClusterAgreement.NormalizedMutualInformation(a, b), 0, 0.002);
        Assert.InRange(ClusterAgreement.AdjustedRandIndex(a, b), -0.005, 0.005);
    }

    [Fact]
    public void Known_values_match_scikit_learn()
    {
        // sklearn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8 and
        // adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714285714285715 (4/7).
        Assert.Equal(0.8, ClusterAgreement.NormalizedMutualInformation([0, 0, 1, 1], [0, 0, 1, 2]), 9);
        Assert.Equal(4.0 / 7, ClusterAgreement.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 12);
        // One side a single cluster: no information shared.
        Assert.Equal(0, ClusterAgreement.NormalizedMutualInformation([0, 0, 0, 0], [0, 1, 0, 1]), 12);
        Assert.Equal(1, ClusterAgreement.NormalizedMutualInformation([4, 4, 4], [1, 1, 1]), 12);
    }
}
