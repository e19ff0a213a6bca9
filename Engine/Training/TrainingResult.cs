namespace SparseVila.Engine.Training;

/// <summary>One training conversation's outcome.</summary>
/// <param name="Loss">The mean cross-entropy of its answer tokens and ends of turn.</param>
/// <param name="TurnsCorrect">Per turn, whether the model (teacher-forced) ranked every token of the answer and the end of turn first.</param>
/// <param name="PatchTargetLoss">The auxiliary per-patch loss, summed over the probes (0 without patch targets).</param>
/// <param name="EvidenceLoss">The evidence-attention loss before its weight (0 when nothing was supervised).</param>
/// <param name="EvidenceReadoutLoss">The evidence read-out probe's loss before its weight (0 when nothing was read out).</param>
/// <param name="FrameBindingLoss">The frame-binding loss before its weight (0 without frame binding).</param>
/// <param name="TimeReadoutLoss">The time read-out probe's loss before its weight (0 when no second was read out).</param>
/// <param name="AnswerReadoutLoss">The answer read-out probe's loss before its weight (0 when no answer class was read out).</param>
/// <param name="SeenBeforeLoss">The seen-before loss before its weight (0 without it, or with nothing shown).</param>
public sealed record TrainingResult(
    double Loss, IReadOnlyList<bool> TurnsCorrect, double PatchTargetLoss, double EvidenceLoss = 0, double EvidenceReadoutLoss = 0, double FrameBindingLoss = 0, double TimeReadoutLoss = 0,
    double AnswerReadoutLoss = 0, double SeenBeforeLoss = 0);
