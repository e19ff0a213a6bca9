namespace SparseVila.Contracts.Videos;

/// <summary>Where a video is in its life: uploaded → indexing → indexed | failed.</summary>
[GenerateSerializer]
public enum VideoStatus
{
    /// <summary>Its bytes are stored; it is not indexed (yet).</summary>
    Uploaded,

    /// <summary>Its visual context is being built and stored.</summary>
    Indexing,

    /// <summary>Its visual context is stored; conversations can use it.</summary>
    Indexed,

    /// <summary>Indexing failed; <see cref="VideoInfo.Error"/> says why.</summary>
    Failed,
}
