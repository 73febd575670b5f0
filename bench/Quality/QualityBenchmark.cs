using System.Text.Json;
using EmotionGrid.Audio.Features;

namespace EmotionGrid.Bench.Quality;

public static class QualityBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var root = BenchData.RavdessRoot(args);
        var files = QualityDataSet.SelectFiles(root);
        var set = QualityDataSet.Embed(files, new AcousticFeatureEmbedder());
        var dump = args.SkipWhile(a => a != "--dump").Skip(1).FirstOrDefault();
        if (dump is not null)
        {
            Directory.CreateDirectory(dump);
            TrainNpyWriter.WriteMatrix(Path.Combine(dump, "x.npy"), set.X);
            TrainNpyWriter.WriteVector(Path.Combine(dump, "y.npy"), set.Y);
            await File.WriteAllTextAsync(Path.Combine(dump, "speakers.json"), JsonSerializer.Serialize(set.Speakers));
        }

        await output.WriteLineAsync($"{set.X.Length} files");
        return 0;
    }
}
