namespace SparseVila.Engine.Checkpoints;

/// <summary>Shapes written as Python prints them, <c>[64, 32]</c>, for messages.</summary>
internal static class ShapeText
{
    /// <summary>The shape as <c>[d0, d1, …]</c>; <c>[]</c> for a scalar.</summary>
    public static string Of(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
