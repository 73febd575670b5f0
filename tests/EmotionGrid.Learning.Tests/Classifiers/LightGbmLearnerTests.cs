using EmotionGrid.Learning.Classifiers;

namespace EmotionGrid.Learning.Tests.Classifiers;

public class LightGbmLearnerTests : MlNetLearnerContract
{
    private protected override IClassifierLearner Learner { get; } =
        new LightGbmLearner(new LightGbmParameters(Leaves: 7, Iterations: 40, LearningRate: 0.2, MinExamplesPerLeaf: 5));

    [Fact]
    public void The_native_library_is_loaded_from_the_test_output()
    {
        Learner.Fit(Training.X, Training.Y, 4);

        // Directory.Build.targets trims native assets to the build platform; LightGBM's must survive that.
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("reads /proc/self/maps");
        }

        var lightGbm = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])
            .FirstOrDefault(path => path.EndsWith("/lib_lightgbm.so", StringComparison.Ordinal));
        Assert.NotNull(lightGbm);
        Assert.StartsWith(AppContext.BaseDirectory, lightGbm, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_are_checked_and_reported()
    {
        Assert.Equal("Leaves", Assert.Throws<ArgumentOutOfRangeException>(() => new LightGbmLearner(new(Leaves: 1)).Fit(Training.X, Training.Y, 4)).ParamName);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new LightGbmLearner(new(LearningRate: 0)).Fit(Training.X, Training.Y, 4)).ParamName);
        Assert.Equal("Threads", Assert.Throws<ArgumentOutOfRangeException>(() => new LightGbmLearner(new(Threads: 0)).Fit(Training.X, Training.Y, 4)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new LightGbmLearner(null!));

        var settings = new LightGbmLearner(new(Leaves: 31, LearningRate: 0.05)).Settings;
        Assert.Equal("31", settings["leaves"]);
        Assert.Equal("0.05", settings["learningRate"]);
        Assert.Equal("1", settings["threads"]);
    }

    [Fact]
    public void Default_grid_is_small_single_threaded_and_cheapest_first()
    {
        var grid = LightGbmParameters.DefaultGrid;

        Assert.InRange(grid.Count, 2, 4);
        Assert.Equal(grid.Count, grid.Distinct().Count());
        Assert.All(grid, p => Assert.Equal(1, p.Threads));
        var cost = grid.Select(p => p.Leaves * p.Iterations).ToArray();
        Assert.Equal(cost.Order(), cost);
    }
}
