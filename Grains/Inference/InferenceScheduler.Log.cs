using Microsoft.Extensions.Logging;

namespace SparseVila.Grains.Inference;

public sealed partial class InferenceScheduler
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference queue full ({Queued} of {Capacity} waiting): refused a work item")]
    private partial void LogRefused(int queued, int capacity);
}
