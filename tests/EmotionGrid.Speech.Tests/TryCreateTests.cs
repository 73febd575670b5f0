using EmotionGrid.Speech.PocketSphinx;
using EmotionGrid.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmotionGrid.Speech.Tests;

/// <summary>A missing library or model gives no transcriber and one reason naming the path; nothing throws.</summary>
public sealed class TryCreateTests
{
    [Fact]
    public void A_missing_library_path_gives_null_and_a_reason_naming_it()
    {
        const string missing = "/nonexistent/emotiongrid/libpocketsphinx.so.3";

        var transcriber = PocketSphinxTranscriber.TryCreate(new PocketSphinxOptions { LibraryPath = missing }, NullLogger.Instance, out var reason);

        Assert.Null(transcriber);
        Assert.Contains(missing, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_library_gives_null_and_a_reason_naming_it()
    {
        var file = Path.GetTempFileName();
        try
        {
            var transcriber = PocketSphinxTranscriber.TryCreate(new PocketSphinxOptions { LibraryPath = file }, NullLogger.Instance, out var reason);

            Assert.Null(transcriber);
            Assert.Contains(file, reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("en-us")]
    [InlineData("en-us.lm.bin")]
    [InlineData("cmudict-en-us.dict")]
    public void A_missing_model_file_gives_null_and_a_reason_naming_it(string leftOut)
    {
        RavdessSpeech.RequireTranscriber(); // the library must load for the model to be looked at
        var folder = Directory.CreateTempSubdirectory("emotiongrid-psmodel-").FullName;
        try
        {
            var model = leftOut == "" ? Path.Combine(folder, "absent") : CopyOfModelWithout(folder, leftOut);

            var transcriber = PocketSphinxTranscriber.TryCreate(new PocketSphinxOptions { ModelPath = model }, NullLogger.Instance, out var reason);

            Assert.Null(transcriber);
            Assert.Contains(Path.Combine(model, leftOut), reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_corrupt_language_model_gives_null_and_a_reason()
    {
        RavdessSpeech.RequireTranscriber();
        var folder = Directory.CreateTempSubdirectory("emotiongrid-psmodel-").FullName;
        try
        {
            var model = CopyOfModelWithout(folder, "en-us.lm.bin");
            File.WriteAllText(Path.Combine(model, "en-us.lm.bin"), "not a language model");

            var transcriber = PocketSphinxTranscriber.TryCreate(new PocketSphinxOptions { ModelPath = model }, NullLogger.Instance, out var reason);

            Assert.Null(transcriber);
            Assert.Contains("could not load", reason, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Links (not copies) to the installed model's files in a new folder, leaving one out.</summary>
    private static string CopyOfModelWithout(string folder, string leftOut)
    {
        var installed = PocketSphinxOptions.DefaultModelPath;
        if (!Directory.Exists(installed))
        {
            Requirement.Unmet($"the PocketSphinx model {installed} is not installed");
        }

        var model = Path.Combine(folder, "model");
        Directory.CreateDirectory(model);
        foreach (var entry in new[] { "en-us", "en-us.lm.bin", "cmudict-en-us.dict" }.Where(e => e != leftOut))
        {
            var target = Path.Combine(installed, entry);
            var link = Path.Combine(model, entry);
            if (Directory.Exists(target))
            {
                Directory.CreateSymbolicLink(link, target);
            }
            else
            {
                File.CreateSymbolicLink(link, target);
            }
        }

        return model;
    }
}
