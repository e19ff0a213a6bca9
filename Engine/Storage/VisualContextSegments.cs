using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Storage;

/// <summary>Splits a visual context into segments of consecutive frames, and joins decoded segments back into one.</summary>
public static class VisualContextSegments
{
    /// <summary>
    /// The ranges of <paramref name="framesPerSegment"/> consecutive frames each (the last may hold fewer) that together
    /// cover <paramref name="tokens"/>: the first range also holds the text before the first frame. A context with no
    /// frame is one range. Throws <see cref="ArgumentException"/> when a frame's positions are not contiguous.
    /// </summary>
    public static IReadOnlyList<KvSegmentRange> ByFrames(IReadOnlyList<ContextToken> tokens, int framesPerSegment)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSegment, 1);
        ArgumentOutOfRangeException.ThrowIfZero(tokens.Count, nameof(tokens));
        var runs = FrameRuns.Of(tokens);
        if (runs.Count == 0)
        {
            return [new KvSegmentRange(0, tokens.Count, -1, -1)];
        }

        var ranges = new List<KvSegmentRange>();
        for (var first = 0; first < runs.Count; first += framesPerSegment)
        {
            var last = Math.Min(first + framesPerSegment, runs.Count) - 1;
            var firstToken = first == 0 ? 0 : runs[first].FirstToken;
            var endToken = last == runs.Count - 1 ? tokens.Count : runs[last + 1].FirstToken;
            ranges.Add(new KvSegmentRange(firstToken, endToken, runs[first].FrameIndex, runs[last].FrameIndex));
        }

        return ranges;
    }

    /// <summary>
    /// One context of <paramref name="segments"/>, in order: their positions and, per layer, their keys and values joined
    /// along the positions. The segments keep their tensors. Throws <see cref="ArgumentException"/> when the segments'
    /// layers, heads or head widths differ.
    /// </summary>
    public static VisualContext Assemble(IReadOnlyList<KvSegment> segments, VisualContextStats stats)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentNullException.ThrowIfNull(stats);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A context is assembled from at least one segment.", nameof(segments));
        }

        var first = segments[0].Header;
        var odd = segments.FirstOrDefault(s => (s.Header.Layers, s.Header.KvHeads, s.Header.HeadDim) != (first.Layers, first.KvHeads, first.HeadDim));
        if (odd is not null)
        {
            throw new ArgumentException(
                $"Segments of {first.Layers} layers × {first.KvHeads} KV heads × {first.HeadDim} and of {odd.Header.Layers} × {odd.Header.KvHeads} × {odd.Header.HeadDim} are not one context.",
                nameof(segments));
        }

        using var scope = NewDisposeScope();
        var keys = new Tensor[first.Layers];
        var values = new Tensor[first.Layers];
        for (var layer = 0; layer < first.Layers; layer++)
        {
            keys[layer] = cat([.. segments.Select(s => s.Keys(layer))], 2).DetachFromDisposeScope();      // (1, Hkv, P, Dh)
            values[layer] = cat([.. segments.Select(s => s.Values(layer))], 2).DetachFromDisposeScope();  // (1, Hkv, P, Dh)
        }

        return new VisualContext(keys, values, [.. segments.SelectMany(s => s.Tokens)], stats);
    }

    /// <summary>
    /// <paramref name="context"/> as storage gives it back: written as segments of <paramref name="framesPerSegment"/> frames
    /// with <paramref name="options"/> and read again, in memory. The caller owns the result.
    /// </summary>
    public static VisualContext RoundTrip(VisualContext context, KvCodecOptions options, int framesPerSegment)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var segments = new List<KvSegment>();
        try
        {
            foreach (var range in ByFrames(context.Tokens, framesPerSegment))
            {
                using var stream = new MemoryStream();
                KvSegmentWriter.Write(stream, context, range, options);
                stream.Position = 0;
                segments.Add(KvSegmentReader.Read(stream, "in-memory.kv"));
            }

            return Assemble(segments, context.Stats);
        }
        finally
        {
            segments.ForEach(segment => segment.Dispose());
        }
    }
}
