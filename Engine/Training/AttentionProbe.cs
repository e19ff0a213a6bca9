namespace SparseVila.Engine.Training;

/// <summary>
/// Which attention rows <see cref="EvidenceProbingAttention"/> keeps with their gradient: at <paramref name="Layer"/>, the
/// query heads <paramref name="FirstHead"/> to <paramref name="FirstHead"/> + <paramref name="Heads"/> − 1, at the
/// positions <paramref name="Rows"/>.
/// </summary>
internal sealed record AttentionProbe(int Layer, int FirstHead, int Heads, long[] Rows);
