using Microsoft.Extensions.Logging;

namespace SparseVila.Grains.Storage;

/// <summary>The log messages of <see cref="BlobGrainStorage"/>.</summary>
public sealed partial class BlobGrainStorage
{
    [LoggerMessage(Level = LogLevel.Trace, Message = "Reading state {StateName} of {GrainId} from blob {BlobName}")]
    private partial void LogReading(GrainId grainId, string stateName, string blobName);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Read state {StateName} of {GrainId} from blob {BlobName}: ETag {ETag}, {LengthBytes} bytes")]
    private partial void LogRead(GrainId grainId, string stateName, string blobName, string eTag, long lengthBytes);

    [LoggerMessage(Level = LogLevel.Trace, Message = "No state {StateName} of {GrainId}: blob {BlobName} does not exist")]
    private partial void LogNotFound(GrainId grainId, string stateName, string blobName);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Writing state {StateName} of {GrainId} to blob {BlobName} ({Condition})")]
    private partial void LogWriting(GrainId grainId, string stateName, string blobName, BlobCondition condition);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Wrote state {StateName} of {GrainId} to blob {BlobName}: ETag {ETag}, {LengthBytes} bytes")]
    private partial void LogWritten(GrainId grainId, string stateName, string blobName, string eTag, long lengthBytes);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Clearing state {StateName} of {GrainId}: deleting blob {BlobName} ({Condition})")]
    private partial void LogClearing(GrainId grainId, string stateName, string blobName, BlobCondition condition);

    [LoggerMessage(Level = LogLevel.Trace, Message = "Cleared state {StateName} of {GrainId}: blob {BlobName} deleted")]
    private partial void LogCleared(GrainId grainId, string stateName, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "State {StateName} of {GrainId} in blob {BlobName} changed since it was read ({Condition} failed)")]
    private partial void LogConflict(GrainId grainId, string stateName, string blobName, BlobCondition condition);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading state {StateName} of {GrainId} from blob {BlobName} failed")]
    private partial void LogReadFailed(Exception exception, GrainId grainId, string stateName, string blobName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing state {StateName} of {GrainId} to blob {BlobName} failed")]
    private partial void LogWriteFailed(Exception exception, GrainId grainId, string stateName, string blobName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Clearing state {StateName} of {GrainId} (blob {BlobName}) failed")]
    private partial void LogClearFailed(Exception exception, GrainId grainId, string stateName, string blobName);
}
