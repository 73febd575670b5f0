using System.Text.Json;
using EmotionGrid.Onnx;
using EmotionGrid.Onnx.Wav2Vec2;

// flavor-probe MODEL.onnx auto|cuda|cpu SAMPLES: one JSON line: the build, the provider the session got and why, and
// the vector of a deterministic clip of SAMPLES samples. Exit 3 with {"error": …} when the provider cannot be used.
if (args.Length != 3)
{
    await Console.Error.WriteLineAsync("usage: flavor-probe MODEL.onnx auto|cuda|cpu SAMPLES");
    return 2;
}

var random = new Random(17);
var clip = Enumerable.Range(0, int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)).Select(_ => (2f * random.NextSingle()) - 1f).ToArray();
try
{
    using var embedder = new Wav2Vec2Embedder(new Wav2Vec2Options { ModelPath = args[0] },
        new OnnxSessionOptions { ExecutionProvider = OnnxSessionOptions.ParseExecutionProvider(args[1]), IntraOpThreads = 1 });
    var vector = embedder.Embed(clip);
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        flavor = OnnxBuild.Flavor,
        package = OnnxBuild.Package,
        version = OnnxBuild.Version,
        providers = OnnxBuild.AvailableProviders,
        selected = embedder.SelectedProvider.ToString(),
        reason = embedder.ProviderReason,
        vector,
    }));
    return 0;
}
catch (OnnxExecutionProviderException e)
{
    Console.WriteLine(JsonSerializer.Serialize(new { flavor = OnnxBuild.Flavor, error = e.Message }));
    return 3;
}
