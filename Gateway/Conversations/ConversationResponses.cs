using SparseVila.Contracts.Conversations;

namespace SparseVila.Gateway.Conversations;

/// <summary>The body of <c>POST /api/conversations</c>.</summary>
public sealed record StartConversationRequest(IReadOnlyList<string>? VideoIds);

/// <summary>A new conversation.</summary>
public sealed record ConversationCreatedResponse(string Id, IReadOnlyList<string> VideoIds);

/// <summary>A conversation and its history.</summary>
public sealed record ConversationResponse(string Id, IReadOnlyList<string> VideoIds, IReadOnlyList<TurnResponse> Turns)
{
    public static ConversationResponse From(ConversationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new(info.Id, info.VideoIds, [.. info.Turns.Select(t => new TurnResponse(t.Question, t.Answer, EvidenceResponse.From(t.Evidence), t.AskedAt))]);
    }
}

/// <summary>One question and its answer.</summary>
public sealed record TurnResponse(string Question, string Answer, IReadOnlyList<EvidenceResponse> Evidence, DateTimeOffset AskedAt);

/// <summary>The body of <c>POST /api/conversations/{id}/messages</c>.</summary>
public sealed record AskMessageRequest(string? Question, int? MaxNewTokens);

/// <summary>An answer with the evidence retrieval picked and the turn's stats.</summary>
public sealed record AnswerResponse(string Answer, IReadOnlyList<EvidenceResponse> Evidence, AnswerStatsResponse Stats)
{
    public static AnswerResponse From(AnswerResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stats = result.Stats;
        return new(result.Answer, EvidenceResponse.From(result.Evidence), new AnswerStatsResponse(
            stats.VisualTokens, stats.RetrievedTokens, stats.PrefillMilliseconds, stats.DecodeTokensPerSecond, stats.GeneratedTokens));
    }
}

/// <summary>A moment of a video the answer drew on.</summary>
public sealed record EvidenceResponse(string VideoId, double TimestampSeconds, double Score)
{
    public static IReadOnlyList<EvidenceResponse> From(IEnumerable<EvidenceItem> evidence) =>
        [.. evidence.Select(e => new EvidenceResponse(e.VideoId, e.TimestampSeconds, e.Score))];
}

/// <summary>What a turn cost: visual tokens in context and retrieved, prefill time, decode speed, tokens generated.</summary>
public sealed record AnswerStatsResponse(int VisualTokens, int RetrievedTokens, double PrefillMs, double DecodeTokensPerSecond, int GeneratedTokens);

/// <summary>The data of a <c>token</c> event.</summary>
public sealed record TokenEvent(string Text);
