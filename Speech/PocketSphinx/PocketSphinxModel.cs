namespace EmotionGrid.Speech.PocketSphinx;

/// <summary>The three files of a PocketSphinx model and the decoder arguments that use them.</summary>
internal sealed record PocketSphinxModel(string AcousticModel, string LanguageModel, string Dictionary)
{
    /// <summary>The model under the options' folder, or null with a reason naming the first path that is missing.</summary>
    public static PocketSphinxModel? TryFind(PocketSphinxOptions options, out string reason)
    {
        var folder = options.ModelPath ?? PocketSphinxOptions.DefaultModelPath;
        var model = new PocketSphinxModel(
            Path.Combine(folder, options.Language),
            Path.Combine(folder, $"{options.Language}.lm.bin"),
            Path.Combine(folder, $"cmudict-{options.Language}.dict"));
        reason = !Directory.Exists(folder) ? $"the PocketSphinx model folder {folder} does not exist"
            : !File.Exists(Path.Combine(model.AcousticModel, "mdef")) ? $"the PocketSphinx acoustic model {model.AcousticModel} (with mdef) does not exist"
            : !File.Exists(model.LanguageModel) ? $"the PocketSphinx language model {model.LanguageModel} does not exist"
            : !File.Exists(model.Dictionary) ? $"the PocketSphinx dictionary {model.Dictionary} does not exist"
            : "";
        return reason.Length == 0 ? model : null;
    }

    /// <summary>
    /// The decoder arguments: the model; <c>-remove_silence no</c> (the library's voice-activity detector drops
    /// frames, which would shift every word time after a pause; silence is trimmed by us instead);
    /// <c>-remove_noise no</c> (its noise estimate carries over from one utterance to the next, so a clip's
    /// transcript would depend on what its pooled decoder heard before; RAVDESS WER was the same without it);
    /// <c>-maxhmmpf 3000</c> (at most 3000 active HMMs per frame instead of 30000: 1.4× faster, the same RAVDESS
    /// WER); then the extras.
    /// </summary>
    public IReadOnlyList<string> Arguments(IReadOnlyDictionary<string, string> extra)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["-hmm"] = AcousticModel,
            ["-lm"] = LanguageModel,
            ["-dict"] = Dictionary,
            ["-samprate"] = "16000",
            ["-remove_silence"] = "no",
            ["-remove_noise"] = "no",
            ["-maxhmmpf"] = "3000",
        };
        foreach (var (name, value) in extra)
        {
            arguments[name.StartsWith('-') ? name : "-" + name] = value;
        }

        return [.. arguments.SelectMany(a => new[] { a.Key, a.Value })];
    }
}
