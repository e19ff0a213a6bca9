namespace SparseVila.Engine.Training;

/// <summary>
/// Supervises where a question looks (training only: the checkpoint is unchanged). At <paramref name="Layer"/>, the first
/// <paramref name="Heads"/> query heads, at the position that predicts the answer's first token, learn to put their attention on
/// the question's <see cref="EvidenceTarget"/>: the loss is −log of the attention those heads give the target's visual
/// tokens, averaged over heads and questions, times <paramref name="Weight"/>. Without it the language model learned to
/// read a frame's patches on average (enough for colour, count and first appearance), never one patch, so questions
/// about a cell stayed at chance; it is also what SparseVILA's query-aware retrieval needs: the question's attention on
/// the tokens that answer it.
/// </summary>
/// <param name="Layer">The decoder layer whose attention is supervised (0-based).</param>
/// <param name="Weight">The weight of its loss against the answer loss.</param>
/// <param name="ReadoutWeight">
/// The weight of the read-out probe (0: none): a linear probe reads, from those heads' attention output at the row of
/// each <see cref="EvidenceReadout.Patch"/> target of one patch, which of the frame's patches the evidence is. Finding the patch is not
/// enough: with the attention alone, the heads found the asked object's patch for "where" questions (0.46 of their
/// attention on it) but their value vectors carried its cell poorly (42% linearly decodable, against 99% for its colour),
/// and "where" stayed at chance.
/// </param>
/// <param name="Heads">
/// How many query heads, from the first, are supervised. With GQA 8/2 the first four share one KV head: one 32-wide value
/// vector had to carry an object's colour, shape and cell, and colour questions unlearned when the read-out taught it the
/// cell. With one KV head per query head, four supervised heads read four value vectors.
/// </param>
/// <param name="TimeReadoutWeight">
/// The weight of the time read-out probe (0: none): a linear probe reads, from those heads' attention output at the row
/// predicting the number of each <see cref="EvidenceReadout.Time"/> target, its frame's whole second (0 to
/// <paramref name="TimeReadoutSeconds"/> − 1). First-appearance answers ("second 12") are in the frame's marker, not in
/// the found patch: the frame binding copies the marker's number into the frame's tokens, and this teaches the question to
/// carry it back out (3–9% held-out without it).
/// </param>
/// <param name="TimeReadoutSeconds">The seconds the time read-out tells apart; a frame at a later second is not read.</param>
/// <param name="AnswerReadoutWeight">
/// The weight of the answer read-out probe (0: none): a linear probe reads, from those heads' attention output at the row
/// predicting each answer, the <see cref="EvidenceTarget.AnswerClass"/> of its target, what the found patch shows that the
/// answer names. The cell read-out teaches the heads to carry where the patch is; for "what shape is at the top left" the
/// answer is its shape.
/// </param>
/// <param name="AnswerReadoutClasses">The classes the answer read-out tells apart.</param>
public sealed record EvidenceAttention(
    int Layer, double Weight, double ReadoutWeight = 0, int Heads = 4, double TimeReadoutWeight = 0, int TimeReadoutSeconds = 64, double AnswerReadoutWeight = 0,
    int AnswerReadoutClasses = 0);
