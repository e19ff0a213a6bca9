using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Sparse;

/// <summary>A moment of the video an answer drew on: a frame's time and its share of the retrieval score.</summary>
/// <param name="SourceIndex">The video, by its place among the conversation's contexts (0 for one video).</param>
/// <param name="FrameIndex">The sampled frame.</param>
/// <param name="TimestampSeconds">Where in the video the frame was taken.</param>
/// <param name="Score">The frame's share of the attention the turn's tokens paid to visual tokens (all frames sum to 1).</param>
public sealed record Evidence(int SourceIndex, int FrameIndex, double TimestampSeconds, double Score)
{
    /// <summary>
    /// The <paramref name="count"/> frames whose visual tokens drew the most retrieval score, averaged
    /// over layers and KV heads, most first.
    /// </summary>
    public static IReadOnlyList<Evidence> FromScores(RetrievalScoringCache scoring, VisualContext context, int count)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        ArgumentNullException.ThrowIfNull(context);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var total = Enumerable.Range(0, context.Layers).Select(l => scoring.Scores(l).mean([0L])).Aggregate((a, b) => a.Plus(b)); // (Pvis,)
        var perToken = total.cpu().data<float>().ToArray();
        var byFrame = new Dictionary<(int Source, int Frame), (double Timestamp, double Score)>();
        for (var i = 0; i < perToken.Length; i++)
        {
            var position = context.VisualPositions[i];
            var token = context.Tokens[position];
            var key = (context.SourceOf(position), token.FrameIndex);
            var previous = byFrame.GetValueOrDefault(key, (token.TimestampSeconds, 0));
            byFrame[key] = (token.TimestampSeconds, previous.Score + perToken[i]);
        }

        var sum = byFrame.Values.Sum(v => v.Score);
        return byFrame.OrderByDescending(f => f.Value.Score).Take(count)
            .Select(f => new Evidence(f.Key.Source, f.Key.Frame, f.Value.Timestamp, sum > 0 ? f.Value.Score / sum : 0)).ToList();
    }
}
