using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Sparse;

/// <summary>How closely sparse decoding follows dense decoding of the same turn.</summary>
/// <param name="AttentionMassRecall">Share of the dense attention mass on visual tokens that the retrieved tokens hold (mean over layers and KV heads).</param>
/// <param name="MeanKlDivergence">Mean KL(dense ‖ sparse) of next-token distributions over the decode steps, in nats.</param>
/// <param name="Top1Agreement">Fraction of decode steps whose most likely next token is the same.</param>
/// <param name="Steps">Decode steps compared.</param>
public sealed record FidelityReport(double AttentionMassRecall, double MeanKlDivergence, double Top1Agreement, int Steps);

/// <summary>Fidelity metrics of SparseVILA's retrieval against dense attention.</summary>
public static class Fidelity
{
    /// <summary>
    /// The share of the turn's attention mass on visual tokens that <paramref name="selection"/> holds,
    /// per layer and KV head, averaged. 1 when everything is retrieved.
    /// </summary>
    public static double AttentionMassRecall(RetrievalScoringCache scoring, RetrievalSelection selection, VisualContext context)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(context);
        using var scope = NewDisposeScope();
        var columnOf = HeldScalars.Full(context.LengthTokens, -1L);                          // context position → visual column
        columnOf.index_put_(HeldScalars.Arange(context.VisualPositions.Count), context.VisualPositionIndex);
        var recalls = new List<double>();
        for (var layer = 0; layer < context.Layers; layer++)
        {
            var scores = scoring.Scores(layer).to_type(ScalarType.Float32).cpu();                   // (Hkv, Pvis)
            var picked = columnOf.index_select(0, selection.Picked(layer).cpu().flatten()).view(selection.Picked(layer).shape); // (Hkv, k)
            var held = scores.gather(1, picked).sum(1);                                             // (Hkv,)
            recalls.Add((held / scores.sum(1).ClampMinScalar(1e-30)).mean().item<float>());
        }

        return recalls.Average();
    }

    /// <summary>KL(P ‖ Q) in nats for next-token logits (V,) of the reference P and the candidate Q.</summary>
    public static double KlDivergence(Tensor referenceLogits, Tensor logits)
    {
        ArgumentNullException.ThrowIfNull(referenceLogits);
        ArgumentNullException.ThrowIfNull(logits);
        using var scope = NewDisposeScope();
        var p = referenceLogits.to_type(ScalarType.Float64).log_softmax(-1);
        var q = logits.to_type(ScalarType.Float64).log_softmax(-1);
        return (p.exp() * (p - q)).sum().item<double>();
    }

    /// <summary>
    /// Answers <paramref name="question"/> (a first turn) greedily with dense decoding and feeds the same
    /// tokens through a cache built by <paramref name="sparse"/>'s retrieval, comparing the next-token
    /// distributions at each of <paramref name="steps"/> decode steps.
    /// </summary>
    public static FidelityReport CompareDecode(VideoLanguageModel vlm, VisualContext context, string question, RetrievalOptions sparse, int steps)
    {
        ArgumentNullException.ThrowIfNull(vlm);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sparse);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var lm = vlm.Model.LanguageModel;
        using var history = new KvCache(context.Layers, context.KvHeads, context.HeadDim, 64, context.Keys(0).dtype, context.Keys(0).device)
        {
            PositionOffset = context.LengthTokens,
        };
        using var scoring = new RetrievalScoringCache(context, history);
        var ids = vlm.Tokenizer.Encode(question + vlm.Template.RenderUserTurnEnd()).Select(i => (long)i).ToArray();
        using var embeddings = vlm.Model.EmbedTokens(tensor(ids).unsqueeze(0));
        using var first = vlm.Generator.Prefill(embeddings, scoring, 512);
        using var denseSelection = RetrievalSelection.FromScores(scoring, context, new RetrievalOptions { Method = DecodeMethod.Dense });
        using var sparseSelection = RetrievalSelection.FromScores(scoring, context, sparse);
        var recall = AttentionMassRecall(scoring, sparseSelection, context);
        using var denseCache = denseSelection.BuildCompactCache(context, history, steps + 1);
        using var sparseCache = sparseSelection.BuildCompactCache(context, history, steps + 1);

        var (kl, agreements) = (0.0, 0);
        var token = (long)first[..vlm.Tokenizer.VocabularySize].argmax().item<long>();
        using var inference = no_grad();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var input = lm.Embed(tensor(new[] { token }, device: lm.Device).unsqueeze(0));          // (1, 1, D)
            var dense = lm.Forward(new DecoderInput(input, [denseCache]))[0, 0, ..vlm.Tokenizer.VocabularySize];   // (V,)
            var candidate = lm.Forward(new DecoderInput(input, [sparseCache]))[0, 0, ..vlm.Tokenizer.VocabularySize]; // (V,)
            kl += KlDivergence(dense, candidate);
            var denseNext = dense.argmax().item<long>();
            agreements += denseNext == candidate.argmax().item<long>() ? 1 : 0;
            token = denseNext;
        }

        return new FidelityReport(recall, kl / steps, (double)agreements / steps, steps);
    }
}
