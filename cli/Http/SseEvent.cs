namespace SparseVila.Cli.Http;

/// <summary>One server-sent event: its type (<c>message</c> when the stream named none), its data, and the last event id seen.</summary>
public sealed record SseEvent(string Type, string Data, string? LastEventId);
