using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;

namespace SparseVila.Bench.Accuracy;

/// <summary>A visual context as it comes back from storage: written as segments with a codec and read back, in memory.</summary>
internal static class CodecRoundTrip
{
    private const int FramesPerSegment = 16;

    /// <summary>The context after a round trip through <paramref name="codec"/>; the caller owns it.</summary>
    public static VisualContext Apply(VisualContext context, KvCodec codec)
    {
        var options = new KvCodecOptions(codec);
        var segments = VisualContextSegments.ByFrames(context.Tokens, FramesPerSegment).Select(range =>
        {
            using var stream = new MemoryStream();
            KvSegmentWriter.Write(stream, context, range, options);
            stream.Position = 0;
            return KvSegmentReader.Read(stream, "accuracy.kv");
        }).ToList();
        try
        {
            return VisualContextSegments.Assemble(segments, context.Stats);
        }
        finally
        {
            segments.ForEach(s => s.Dispose());
        }
    }
}
