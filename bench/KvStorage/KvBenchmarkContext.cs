using SparseVila.Engine.Model.Layers;
using SparseVila.Engine.Sparse;
using static TorchSharp.torch;

namespace SparseVila.Bench.KvStorage;

/// <summary>
/// A visual context laid out as the builder lays one out (system text, then per frame a 3-token timestamp marker, the
/// kept visual tokens and a separator) with keys and values distributed like an LLM's: keys with a few outlier channels
/// (large, shifted — what per-channel key scales are for) and values near zero-mean per token.
/// </summary>
internal static class KvBenchmarkContext
{
    private const int SystemTokens = 24;
    private const int OutlierChannelsPerHead = 4;

    public static VisualContext Create(KvBenchmarkSettings settings, ulong seed)
    {
        var tokens = new List<ContextToken>(Enumerable.Repeat(ContextToken.TextOf(-1, -1), SystemTokens));
        for (var frame = 0; frame < settings.Frames; frame++)
        {
            tokens.AddRange(Enumerable.Repeat(ContextToken.TextOf(frame, frame), 3));
            tokens.AddRange(Enumerable.Range(0, settings.VisualTokensPerFrame).Select(i => new ContextToken(ContextTokenKind.Visual, frame, frame, 2 * i)));
            tokens.Add(ContextToken.TextOf(frame, frame));
        }

        using var generator = new Generator(seed);
        var keys = new Tensor[settings.Layers];
        var values = new Tensor[settings.Layers];
        for (var layer = 0; layer < settings.Layers; layer++)
        {
            using var scope = NewDisposeScope();
            var channelScale = ones([1, settings.KvHeads, 1, settings.HeadDim]);                                    // (1, Hkv, 1, Dh)
            var channelShift = zeros([1, settings.KvHeads, 1, settings.HeadDim]);
            var outliers = randint(settings.HeadDim, [settings.KvHeads, OutlierChannelsPerHead], generator: generator); // (Hkv, k)
            for (var head = 0; head < settings.KvHeads; head++)
            {
                channelScale[0, head, 0].IndexFillScalarInPlace(0, outliers[head], 12.0);
                channelShift[0, head, 0].IndexFillScalarInPlace(0, outliers[head], 6.0);
            }

            keys[layer] = (randn([1, settings.KvHeads, tokens.Count, settings.HeadDim], generator: generator) * channelScale).Plus(channelShift).MoveToOuterDisposeScope();
            values[layer] = randn([1, settings.KvHeads, tokens.Count, settings.HeadDim], generator: generator).MulScalar(0.6).MoveToOuterDisposeScope();
        }

        var visual = settings.Frames * settings.VisualTokensPerFrame;
        return new VisualContext(keys, values, tokens, new VisualContextStats(settings.Frames, 2 * visual, visual, 0.5, 0, 0));
    }
}
