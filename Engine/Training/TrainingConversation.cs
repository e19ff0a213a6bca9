using static TorchSharp.torch;

namespace SparseVila.Engine.Training;

/// <summary>One training example: a video's sampled frames and a conversation about it with its exact answers.</summary>
/// <param name="Pixels">(N, 3, H, W) frames preprocessed for the vision tower.</param>
/// <param name="TimestampsSeconds">Each frame's time in the video.</param>
/// <param name="Turns">Questions and their answers, in order.</param>
public sealed record TrainingConversation(Tensor Pixels, IReadOnlyList<double> TimestampsSeconds, IReadOnlyList<(string Question, string Answer)> Turns);
