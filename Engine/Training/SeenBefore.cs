namespace SparseVila.Engine.Training;

/// <summary>
/// Teaches every visual token that shows something whether it was seen before (training only: the checkpoint is
/// unchanged). At <paramref name="Layer"/>, the last <paramref name="Heads"/> query heads, at every visual token whose
/// patch shows a look (<see cref="TrainingConversation.PatchLooks"/>), learn to put their attention on the tokens of
/// earlier frames that show the same look, or, when no earlier frame shows it, on the sequence's first token; the loss is
/// −log of that attention mass, averaged over heads and tokens, times <paramref name="Weight"/>.
/// Why: "when does the red circle first appear?" asks for the earliest of all the frames that show it. Attention finds
/// every one of them alike; what tells the first apart is that nothing before it looked the same, and a token can only
/// carry that if an earlier layer looked back for it. Attending to the first token when nothing matches is how a
/// transformer says "not found": its output is then one fixed vector, which later keys can match.
/// </summary>
/// <param name="Layer">The decoder layer whose attention is supervised (0-based).</param>
/// <param name="Heads">How many query heads, from the last, are supervised.</param>
/// <param name="Weight">The weight of its loss against the answer loss.</param>
public sealed record SeenBefore(int Layer, int Heads, double Weight);
