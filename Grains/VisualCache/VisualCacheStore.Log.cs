using Microsoft.Extensions.Logging;
using SparseVila.Engine.Storage;

namespace SparseVila.Grains.VisualCache;

public sealed partial class VisualCacheStore
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Wrote KV segment {BlobName}: {Tokens} tokens, {LengthBytes} bytes")]
    private partial void LogSegmentWritten(string blobName, int tokens, long lengthBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "KV segment {BlobName} was already stored and is intact; kept it")]
    private partial void LogSegmentKept(string blobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed KV cache {Prefix}: {Segments} segments, {Tokens} tokens, {LengthBytes} bytes")]
    private partial void LogCommitted(string prefix, int segments, int tokens, long lengthBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rehydrated KV cache {Prefix}: {Segments} segments, {Tokens} tokens, {LengthBytes} bytes in {ElapsedMilliseconds:F0} ms")]
    private partial void LogRehydrated(string prefix, int segments, int tokens, long lengthBytes, double elapsedMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KV cache {Prefix} cannot be used: {FileName} is {Reason}. {Detail}")]
    private partial void LogCorrupt(string prefix, string fileName, KvCacheCorruption reason, string detail);
}
