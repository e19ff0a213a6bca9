namespace SparseVila.Engine.Training;

/// <summary>
/// Where a question's answer is to be seen: one frame of the conversation and some of its patches (indices into the
/// tower's patch grid, row-major). The trainer teaches the question's attention to find it (<see cref="EvidenceAttention"/>).
/// </summary>
/// <param name="Frame">The frame's index in the conversation's frames.</param>
/// <param name="Patches">The patches of that frame that show it: one object's cell, or all of them for a question about the whole frame.</param>
/// <param name="Readout">What the supervised heads must carry out of it (read by a probe when its weight is above 0).</param>
/// <param name="AnswerClass">
/// The class of what the found patch shows that the answer names (a shape, a colour; −1: none), which the supervised heads
/// must carry out of it too (<see cref="EvidenceAttention.AnswerReadoutWeight"/>).
/// </param>
public sealed record EvidenceTarget(int Frame, IReadOnlyList<int> Patches, EvidenceReadout Readout = EvidenceReadout.Patch, int AnswerClass = -1);
