using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>A context split into segments of frames, stored and read back, is the same context within the codec's bounds.</summary>
public sealed class VisualContextSegmentsTests
{
    private static readonly int[] VisualPerFrame = [7, 3, 0, 9, 5, 4, 6];

    [Fact]
    public void ByFrames_CoversEveryPosition_WithWholeFrames()
    {
        using var context = KvTestData.Context(layers: 1, kvHeads: 1, headDim: 4, VisualPerFrame, seed: 1);

        var ranges = VisualContextSegments.ByFrames(context.Tokens, framesPerSegment: 3);

        Assert.Equal([(0, 2), (3, 5), (6, 6)], ranges.Select(r => (r.FirstFrameIndex, r.LastFrameIndex)));
        Assert.Equal(0, ranges[0].FirstToken);
        Assert.Equal(context.LengthTokens, ranges[^1].EndToken);
        Assert.Equal(ranges.Skip(1).Select(r => r.FirstToken), ranges.SkipLast(1).Select(r => r.EndToken));
        foreach (var range in ranges)
        {
            var frames = Enumerable.Range(range.FirstToken, range.Tokens).Select(p => context.Tokens[p].FrameIndex).Where(f => f >= 0).Distinct();
            Assert.Equal(Enumerable.Range(range.FirstFrameIndex, range.LastFrameIndex - range.FirstFrameIndex + 1), frames);
        }
    }

    [Theory]
    [InlineData(KvCodec.Fp16)]
    [InlineData(KvCodec.Int8)]
    [InlineData(KvCodec.Int4)]
    public void ThreeSegments_ReassembleIntoTheSameContext(KvCodec codec)
    {
        using var context = KvTestData.Context(layers: 3, kvHeads: 2, headDim: 16, VisualPerFrame, seed: 4);
        var options = new KvCodecOptions(codec, GroupTokens: 8);
        var ranges = VisualContextSegments.ByFrames(context.Tokens, framesPerSegment: 3);
        var stored = new List<(byte[] Bytes, KvManifestSegment Entry)>();
        for (var i = 0; i < ranges.Count; i++)
        {
            using var stream = new MemoryStream();
            var summary = KvSegmentWriter.Write(stream, context, ranges[i], options);
            stored.Add((stream.ToArray(), KvManifestSegment.Of(KvManifestSegment.FileNameOf(i), ranges[i], summary)));
        }

        var manifest = KvManifest.Create(context, "sha256:model", "sha256:video", options, [.. stored.Select(s => s.Entry)]);
        var segments = stored.Select(s => KvSegmentReader.Read(new MemoryStream(s.Bytes), s.Entry.FileName, KvSegmentReadOptions.Expecting(s.Entry))).ToList();
        try
        {
            using var assembled = VisualContextSegments.Assemble(segments, manifest.Stats);

            Assert.Equal(3, segments.Count);
            Assert.Equal(context.Tokens, assembled.Tokens);
            Assert.Equal(context.VisualPositions, assembled.VisualPositions);
            Assert.Equal(context.Stats with { EncodeMilliseconds = 0, PrefillMilliseconds = 0 }, assembled.Stats);
            for (var layer = 0; layer < context.Layers; layer++)
            {
                using var scope = NewDisposeScope();
                Assert.Equal(context.Keys(layer).shape, assembled.Keys(layer).shape);
                // Key groups restart at each segment, so the bound is computed per segment.
                foreach (var range in ranges)
                {
                    var (original, decoded) = (context.Keys(layer).narrow(2, range.FirstToken, range.Tokens), assembled.Keys(layer).narrow(2, range.FirstToken, range.Tokens));
                    CodecBounds.AssertWithin(original, decoded, CodecBounds.PerElement(original, codec, KvTensorRole.Keys, 8), $"layer {layer} keys {range}");
                }

                CodecBounds.AssertWithin(context.Values(layer), assembled.Values(layer), CodecBounds.PerElement(context.Values(layer), codec, KvTensorRole.Values), $"layer {layer} values");
            }
        }
        finally
        {
            segments.ForEach(segment => segment.Dispose());
        }
    }

    [Fact]
    public void AFrameWhosePositionsAreNotContiguous_IsRefused()
    {
        ContextToken[] tokens = [ContextToken.TextOf(-1, -1), ContextToken.TextOf(0, 0), ContextToken.TextOf(1, 1), ContextToken.TextOf(0, 0)];

        Assert.Throws<ArgumentException>(() => VisualContextSegments.ByFrames(tokens, 2));
    }

    [Fact]
    public void AContextWithoutFrames_IsOneSegment()
    {
        ContextToken[] tokens = [ContextToken.TextOf(-1, -1), ContextToken.TextOf(-1, -1)];

        Assert.Equal([new KvSegmentRange(0, 2, -1, -1)], VisualContextSegments.ByFrames(tokens, 3));
    }
}
