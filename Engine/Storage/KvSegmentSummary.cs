namespace SparseVila.Engine.Storage;

/// <summary>What writing a segment produced, for its manifest entry.</summary>
/// <param name="LengthBytes">Bytes written, checksum included.</param>
/// <param name="Checksum">The trailing XxHash64 of every byte before it.</param>
/// <param name="Header">The header written.</param>
public sealed record KvSegmentSummary(long LengthBytes, ulong Checksum, KvSegmentHeader Header);
