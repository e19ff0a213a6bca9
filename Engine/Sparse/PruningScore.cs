namespace SparseVila.Engine.Sparse;

/// <summary>How query-agnostic pruning ranks a window's visual tokens (<see cref="VisualContextOptions.PruningScore"/>).</summary>
public enum PruningScore
{
    /// <summary>
    /// How unlike the window's average patch a token is (<see cref="TokenDistinctiveness"/>): background and repeated
    /// filler score low, anything drawn on them high. Needs no attention map.
    /// </summary>
    Distinctiveness,

    /// <summary>The vision tower's attention at its feature layer: the [CLS] token's for CLIP, the mean received for SigLIP.</summary>
    ClassAttention,
}
