namespace SparseVila.Training.Generation;

/// <summary>Which codec the generated videos use: all H.264, all VP9, or each one drawn at random.</summary>
public enum CodecChoice
{
    /// <summary>Every video H.264 (.mp4).</summary>
    H264,

    /// <summary>Every video VP9 (.webm).</summary>
    Vp9,

    /// <summary>Each video H.264 or VP9 with equal chance.</summary>
    Mixed,
}
