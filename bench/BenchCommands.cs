namespace EmotionGrid.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench -- &lt;command&gt;</c>. Each command measures our code and its
/// reference side by side in one run and prints the ratios; targets live here, never in unit tests.
/// </summary>
public static class BenchCommands
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var command = args.FirstOrDefault();
        var rest = args.Skip(1).ToArray();
        switch (command)
        {
            case "frontend":
                return await FrontEndBenchmark.RunAsync(rest, output);
            case FrontEndBenchmark.LongFileChild:
                return LongFileMemoryProbe.Run(rest, output);
            case "train":
                return await TrainBenchmark.RunAsync(rest, output);
            case "embed":
                return await EmbedBenchmark.RunAsync(rest, output);
            case "pipeline":
                return await PipelineBenchmark.RunAsync(rest, output);
            case "scale":
                return await ScaleBenchmark.RunAsync(rest, output);
            case "transcribe":
                return await TranscribeBenchmark.RunAsync(rest, output);
            case "quality":
                return await Quality.QualityBenchmark.RunAsync(rest, output);
            case "make-model":
                return await MakeModelCommand.RunAsync(rest, output);
            default:
                await output.WriteLineAsync("""
                    usage: dotnet run -c Release --project bench -- <command>
                      frontend [--data DIR]   decode, resample and embed throughput on the real 48 kHz RAVDESS files,
                                              and peak memory for a 10-minute file
                      train                   k-means and Random Forest against scikit-learn (bench/peers/sklearn_train.py)
                      embed [--provider cpu|cuda] [--fp16] [--batches 1,8,32] [--pipeline-batches B,…]
                            [--rounds R] [--clips N] [--warm-up W] [--threads T] [--model X.onnx]
                                              Wav2Vec2-base on ORT: bare Run at each batch size (length-bucketed),
                                              through the dynamic batcher, and the silo pipeline (alternating rounds
                                              of N clips on a silo warmed with W others); PyTorch eager on CPU
                      scale [--files N]       N real files (576) through 1 and 2 distributed silos (PostgreSQL + Azurite
                                              started here, each silo on one core via taskset): files/s, the ratio,
                                              and the failover time after kill -9 of one silo
                      pipeline [--baseline SILO.dll] [--files N] [--rounds R] [--warm-up W]
                                              start-up time and files/s of N real files (acoustic) for this silo
                                              and another build, alternating rounds, fresh data root each;
                                              W other files first, untimed
                      transcribe [--files N] [--data DIR] [--threads T] [--arg -NAME=VALUE]… [--no-trim] [--show]
                                              PocketSphinx (generic en-us model) on the real 16 kHz files: word error
                                              rate overall and per emotion, × real time on one thread, and its share
                                              of a file's processing time beside decode + resample + acoustic embed
                      make-model --size base|tiny OUT.onnx   a Wav2Vec2-shaped model with random weights
                    """);
                return command is null or "--help" or "-h" ? 0 : 2;
        }
    }
}
