namespace SparseVila.Engine.Sparse;

/// <summary>How a conversation chooses the visual tokens each answer's decoding attends to.</summary>
public enum DecodeMethod
{
    /// <summary>Every visual token of the context, every turn.</summary>
    Dense,

    /// <summary>SparseVILA: per turn and layer, the visual tokens the question attends to most (per KV head); nothing dropped for good.</summary>
    SparseVila,

    /// <summary>
    /// FastV-like: the first question's attention at one layer picks the visual tokens once; every later
    /// turn and every layer decodes over that same set (dropped tokens never come back).
    /// </summary>
    FastV,
}
