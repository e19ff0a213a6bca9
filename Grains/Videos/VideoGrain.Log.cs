using Microsoft.Extensions.Logging;
using SparseVila.Contracts.Videos;

namespace SparseVila.Grains.Videos;

public sealed partial class VideoGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId} registered: {Name}, {LengthBytes} bytes")]
    private partial void LogRegistered(string videoId, string name, long lengthBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId}: indexing started (keep {KeepRatio}, {Codec})")]
    private partial void LogIndexingStarted(string videoId, double keepRatio, CacheCodec codec);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId}: resuming indexing after {Segments} committed segments")]
    private partial void LogResuming(string videoId, int segments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video {VideoId}: indexing restarts from the first frame: {Reason}")]
    private partial void LogRestarted(string videoId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video {VideoId}: its visual cache cannot be used ({Reason}); deleting it and indexing again")]
    private partial void LogCacheDamaged(string videoId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId} indexed: {Frames} frames, cache {CacheBytes} bytes (reused: {Reused})")]
    private partial void LogIndexed(string videoId, int frames, long cacheBytes, bool reused);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Video {VideoId}: indexing failed: {Reason}")]
    private partial void LogFailed(Exception error, string videoId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId}: indexing cancelled ({Segments} committed segments kept for a later run)")]
    private partial void LogCancelled(string videoId, int segments);

    [LoggerMessage(Level = LogLevel.Information, Message = "Video {VideoId} deleted")]
    private partial void LogDeleted(string videoId);
}
