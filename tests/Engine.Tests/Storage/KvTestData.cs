using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Storage;

/// <summary>Random keys, values and contexts for the storage tests: seeded, no model needed.</summary>
internal static class KvTestData
{
    /// <summary>Gaussian (1, Hkv, T, Dh) float32, scaled and shifted so ranges and zero points differ from 0 and 1.</summary>
    public static Tensor Random(int kvHeads, int tokens, int headDim, ulong seed, double scale = 2.5, double shift = 0.7)
    {
        using var generator = new Generator(seed);
        return randn([1, kvHeads, tokens, headDim], generator: generator) * scale + shift;                // (1, Hkv, T, Dh)
    }

    /// <summary>
    /// A context as the builder lays one out: 5 text positions of no frame, then per frame a 3-position timestamp marker,
    /// that frame's kept visual tokens (patch indices ascending, some skipped) and a separator; random keys and values.
    /// </summary>
    public static VisualContext Context(int layers, int kvHeads, int headDim, IReadOnlyList<int> visualPerFrame, ulong seed)
    {
        var tokens = new List<ContextToken>();
        tokens.AddRange(Enumerable.Repeat(ContextToken.TextOf(-1, -1), 5));
        for (var frame = 0; frame < visualPerFrame.Count; frame++)
        {
            var timestamp = frame * 0.5 + 0.25;
            tokens.AddRange(Enumerable.Repeat(ContextToken.TextOf(frame, timestamp), 3));
            tokens.AddRange(Enumerable.Range(0, visualPerFrame[frame]).Select(i => new ContextToken(ContextTokenKind.Visual, frame, timestamp, 2 * i + frame % 2)));
            tokens.Add(ContextToken.TextOf(frame, timestamp));
        }

        var keys = new Tensor[layers];
        var values = new Tensor[layers];
        for (var layer = 0; layer < layers; layer++)
        {
            keys[layer] = Random(kvHeads, tokens.Count, headDim, seed + (ulong)(2 * layer));
            values[layer] = Random(kvHeads, tokens.Count, headDim, seed + (ulong)(2 * layer + 1), scale: 1.0, shift: -0.3);
        }

        var visual = visualPerFrame.Sum();
        return new VisualContext(keys, values, tokens, new VisualContextStats(visualPerFrame.Count, 2 * visual, visual, 0.5, 0, 0));
    }
}
