using static TorchSharp.torch;

namespace SparseVila.Engine.Training;

/// <summary>One training example: a video's sampled frames and a conversation about it with its exact answers.</summary>
/// <param name="Pixels">(N, 3, H, W) frames preprocessed for the vision tower.</param>
/// <param name="TimestampsSeconds">Each frame's time in the video.</param>
/// <param name="Turns">Questions and their answers, in order.</param>
/// <param name="PatchTargets">
/// Optional per-patch class labels, one (N, P) int64 tensor per entry of <see cref="TrainingOptions.PatchProbes"/>
/// (P = the frame's patches, in the tower's row-major order; −100 where nothing is learned): what each visual token
/// should make linearly readable, an auxiliary loss that teaches the tower to see before the language model can ask.
/// </param>
/// <param name="Evidence">Optional, per turn, where its answer is to be seen (null for a turn without one): what
/// <see cref="TrainingOptions.EvidenceAttention"/> teaches the question's attention to find.</param>
/// <param name="PatchLooks">Optional (N, P) int64: per patch, an id of what it shows (−1: nothing); patches with the same id
/// show the same-looking thing. What <see cref="TrainingOptions.SeenBefore"/> teaches visual tokens to look back for.</param>
public sealed record TrainingConversation(
    Tensor Pixels, IReadOnlyList<double> TimestampsSeconds, IReadOnlyList<(string Question, string Answer)> Turns, IReadOnlyList<Tensor>? PatchTargets = null,
    IReadOnlyList<EvidenceTarget?>? Evidence = null, Tensor? PatchLooks = null);
