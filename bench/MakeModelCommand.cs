using System.Diagnostics;
using System.Globalization;
using EmotionGrid.OnnxModels;

namespace EmotionGrid.Bench;

/// <summary>
/// <c>make-model --size base|tiny OUT.onnx [--seed N] [--no-mask]</c>: writes a Wav2Vec2-shaped encoder
/// with seeded random weights (for timing the ONNX embedder without downloading a real model).
/// Model files are never committed (<c>*.onnx</c> is ignored).
/// </summary>
public static class MakeModelCommand
{
    public const string Usage = "make-model --size base|tiny OUT.onnx [--seed N] [--no-mask]";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        Wav2Vec2Shape? shape = null;
        string? path = null;
        var seed = 1;
        var withMask = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size" when i + 1 < args.Length:
                    shape = args[++i] switch
                    {
                        "base" => Wav2Vec2Shape.Base,
                        "tiny" => Wav2Vec2Shape.Tiny,
                        _ => null,
                    };
                    if (shape is null)
                    {
                        return await FailAsync(output, $"unknown size '{args[i]}' (base or tiny)");
                    }

                    break;
                case "--seed" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
                    {
                        return await FailAsync(output, $"--seed '{args[i]}' is not an integer");
                    }

                    break;
                case "--no-mask":
                    withMask = false;
                    break;
                default:
                    if (args[i].StartsWith('-') || path is not null)
                    {
                        return await FailAsync(output, $"unexpected argument '{args[i]}'");
                    }

                    path = args[i];
                    break;
            }
        }

        if (shape is null || path is null)
        {
            return await FailAsync(output, "--size and OUT.onnx are required");
        }

        var stopwatch = Stopwatch.StartNew();
        var model = Wav2Vec2ModelFactory.Create(shape, seed, withMask);
        var generated = stopwatch.Elapsed;
        var bytes = model.WriteTo(path);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote {Path.GetFullPath(path)}: {bytes / 1e6:F1} MB, {model.Weights.ParameterCount / 1e6:F2} M parameters, " +
            $"hidden {shape.Hidden}, {shape.Layers} blocks, seed {seed}, attention_mask {(withMask ? "yes" : "no")} " +
            $"(weights {generated.TotalSeconds:F1} s, total {stopwatch.Elapsed.TotalSeconds:F1} s)"));
        return 0;
    }

    private static async Task<int> FailAsync(TextWriter output, string message)
    {
        await output.WriteLineAsync($"make-model: {message}\nusage: {Usage}");
        return 2;
    }
}
