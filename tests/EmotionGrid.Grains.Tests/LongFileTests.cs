using System.Numerics.Tensors;
using EmotionGrid.Audio.Streaming;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Tests.Support;
using EmotionGrid.Storage.Vectors;
using Microsoft.Extensions.Logging.Abstractions;
using static EmotionGrid.Grains.Tests.Support.GrainWorld;

namespace EmotionGrid.Grains.Tests;

/// <summary>Files longer than a segment: one mean vector, a 2-D .npy of segment vectors, and the spans in the catalog.</summary>
public sealed class LongFileTests
{
    [Fact]
    public async Task A_25_second_file_is_embedded_as_three_segments_whose_mean_is_the_file_vector()
    {
        await using var world = await CreateAsync();
        var options = new SegmentOptions { SegmentSeconds = 10, OverlapSeconds = 1 };
        var grain = new FileProcessorDriver(world.CreateProcessor(world.Embedder, options));
        var bytes = SyntheticWav.Sine(220, seconds: 25);
        var command = await world.RegisterAsync("long.wav", bytes);

        await grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(FileStatus.Embedded, row.Status);
        Assert.Equal(25.0, row.DurationSeconds!.Value, 3);
        Assert.Equal(3, row.SegmentCount);
        var spans = await world.Catalog.GetSegmentsAsync(command.FileId, Ct);
        Assert.Equal([(0.0, 10.0), (9.0, 19.0), (15.0, 25.0)], spans.Select(s => (Math.Round(s.StartSeconds, 3), Math.Round(s.EndSeconds, 3))));

        var (matrix, shape) = NpyFormat.Read(new MemoryStream(await world.ReadAsync(row.SegmentsBlob!)));
        var dimension = world.Embedder.Dimension;
        Assert.Equal([3, dimension], shape);
        var samples = world.FrontEnd.Prepare(new MemoryStream(bytes)).Samples;
        for (var i = 0; i < 3; i++)
        {
            var start = (int)Math.Round(spans[i].StartSeconds * 16_000);
            var expected = world.Embedder.Embed(samples.AsSpan(start, 160_000));
            Assert.Equal(expected, matrix.AsSpan(i * dimension, dimension).ToArray());
        }

        var mean = new float[dimension];
        for (var i = 0; i < 3; i++)
        {
            TensorPrimitives.Add(mean, matrix.AsSpan(i * dimension, dimension), mean);
        }

        TensorPrimitives.Divide(mean, 3f, mean);
        var (vector, _) = NpyFormat.Read(new MemoryStream(await world.ReadAsync(row.VectorBlob!)));
        Assert.Equal(mean, vector);
    }

    [Fact]
    public async Task A_file_of_one_segment_has_no_segment_rows_and_embeds_the_whole_clip()
    {
        await using var world = await CreateAsync();
        var bytes = SyntheticWav.Sine(330, seconds: 4);
        var command = await world.RegisterAsync("short.wav", bytes);

        await world.Grain.ProcessAsync(command, Ct);

        var row = await world.RowAsync(command.FileId);
        Assert.Equal(0, row.SegmentCount);
        Assert.Null(row.SegmentsBlob);
        Assert.Empty(await world.Catalog.GetSegmentsAsync(command.FileId, Ct));
        var (vector, _) = NpyFormat.Read(new MemoryStream(await world.ReadAsync(row.VectorBlob!)));
        Assert.Equal(world.Embedder.Embed(world.FrontEnd.Prepare(new MemoryStream(bytes)).Samples), vector);
    }
}
