namespace SparseVila.Engine.Training;

/// <summary>
/// Teaches every visual token which frame it is in (training only: the checkpoint is unchanged). At
/// <paramref name="Layer"/>, the last <paramref name="Heads"/> query heads, at every visual token, learn to put their
/// attention on the number of its frame's timestamp marker (the marker's tokens that hold a digit); the loss is −log of
/// that attention mass, averaged over heads and tokens, times <paramref name="Weight"/>.
/// Why: a question about "second 12" finds its frame by matching its own "12" against what the frame's visual tokens
/// carry, and a visual token only carries its second if an earlier layer copied it from the marker before it. Learnt from
/// the answer loss alone, that copy worked on 1–4 s clips (where position tells the frame) and not on 8–64 s videos: at
/// their asked frame the supervised question heads put 0.05–0.29 of their attention, against 0.54 on short clips.
/// </summary>
/// <param name="Layer">The decoder layer whose attention is supervised (0-based).</param>
/// <param name="Heads">How many query heads, from the last, are supervised.</param>
/// <param name="Weight">The weight of its loss against the answer loss.</param>
public sealed record FrameBinding(int Layer, int Heads, double Weight);
