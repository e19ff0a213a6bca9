using SparseVila.Engine;
using SparseVila.Engine.Generation;

namespace SparseVila.Grains.Inference;

/// <summary>The silo's one model: the engine's handle, the fingerprint its caches are filed under, and its decode batcher.</summary>
public sealed class LoadedModel(VideoLanguageModel vlm, string fingerprint, DecodeBatcher batcher) : IDisposable
{
    /// <summary>The loaded checkpoint.</summary>
    public VideoLanguageModel Vlm { get; } = vlm;

    /// <summary>The checkpoint's fingerprint (config, tensor names, shapes and bytes): a cache of another is never loaded.</summary>
    public string Fingerprint { get; } = fingerprint;

    /// <summary>Batches the decode steps of every conversation on the silo into one forward pass.</summary>
    public DecodeBatcher Batcher { get; } = batcher;

    public void Dispose()
    {
        Batcher.Dispose();
        Vlm.Dispose();
    }
}
