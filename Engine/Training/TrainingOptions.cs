namespace SparseVila.Engine.Training;

/// <summary>Optimiser and augmentation settings of <see cref="ConversationTrainer"/>.</summary>
public sealed record TrainingOptions
{
    /// <summary>Peak learning rate (AdamW).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Steps of linear warm-up from 0 to the peak.</summary>
    public int WarmupSteps { get; init; } = 200;

    /// <summary>Optimiser steps in all; the rate decays to a tenth of the peak along a cosine.</summary>
    public int TotalSteps { get; init; } = 10_000;

    /// <summary>AdamW weight decay.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Gradients are clipped to this global norm.</summary>
    public double MaxGradientNorm { get; init; } = 1.0;

    /// <summary>Conversations whose gradients are summed per optimiser step.</summary>
    public int ConversationsPerStep { get; init; } = 4;

    /// <summary>
    /// Fraction of examples whose visual tokens are pruned by the model's own salience before the LLM
    /// (keep ratio drawn from <see cref="AugmentKeepRatios"/>), so the model also reads pruned contexts.
    /// </summary>
    public double PruneAugmentFraction { get; init; } = 0.3;

    /// <summary>Keep ratios drawn for pruning augmentation.</summary>
    public IReadOnlyList<double> AugmentKeepRatios { get; init; } = [0.25, 0.5];

    /// <summary>
    /// What pruning augmentation ranks tokens by (the indexer's <see cref="Sparse.VisualContextOptions.PruningScore"/>). The
    /// recipe's default, [CLS] attention with a floor of a tenth of a frame, is how the shipped checkpoint was trained.
    /// </summary>
    public Sparse.PruningScore AugmentPruningScore { get; init; } = Sparse.PruningScore.ClassAttention;

    /// <summary>
    /// Pruning augmentation's per-frame floor as a share of a frame's even share of the budget (the indexer's
    /// <see cref="Sparse.VisualContextOptions.FrameFloorRatio"/>; 1: every frame keeps its even share).
    /// </summary>
    public double AugmentFrameFloorRatio { get; init; } = 0.1;

    /// <summary>
    /// The per-patch auxiliary probes, one per entry of <see cref="TrainingConversation.PatchTargets"/>: each a linear probe
    /// reading its target from the projected visual tokens. Empty: no auxiliary loss. The probes are not part of the model.
    /// </summary>
    public IReadOnlyList<PatchProbe> PatchProbes { get; init; } = [];

    /// <summary>Supervision of where each question looks (null: none); needs <see cref="TrainingConversation.Evidence"/>.</summary>
    public EvidenceAttention? EvidenceAttention { get; init; }

    /// <summary>Supervision of which frame each visual token attends to as its own (null: none).</summary>
    public FrameBinding? FrameBinding { get; init; }

    /// <summary>Supervision of whether each shown thing was seen in an earlier frame (null: none); needs <see cref="TrainingConversation.PatchLooks"/>.</summary>
    public SeenBefore? SeenBefore { get; init; }

    /// <summary>The system prompt of every conversation (must equal the one used at indexing).</summary>
    public string SystemPrompt { get; init; } = new Sparse.VisualContextOptions().SystemPrompt;

    /// <summary>Checks the values, naming the one at fault.</summary>
    public TrainingOptions Validated()
    {
        if (LearningRate is <= 0 || !double.IsFinite(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(WarmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(TotalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ConversationsPerStep, 1);
        if (WeightDecay is < 0 || !double.IsFinite(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "must be 0 or more.");
        }

        if (MaxGradientNorm is <= 0 || !double.IsFinite(MaxGradientNorm))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), MaxGradientNorm, "must be positive.");
        }

        if (PruneAugmentFraction is < 0 or > 1 || double.IsNaN(PruneAugmentFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(PruneAugmentFraction), PruneAugmentFraction, "must be 0 to 1.");
        }

        if (PruneAugmentFraction > 0 && (AugmentKeepRatios.Count == 0 || AugmentKeepRatios.Any(r => r is <= 0 or > 1 || double.IsNaN(r))))
        {
            throw new ArgumentOutOfRangeException(nameof(AugmentKeepRatios), string.Join(", ", AugmentKeepRatios), "pruning needs keep ratios in (0, 1].");
        }

        if (AugmentFrameFloorRatio is < 0 or > 1 || double.IsNaN(AugmentFrameFloorRatio))
        {
            throw new ArgumentOutOfRangeException(nameof(AugmentFrameFloorRatio), AugmentFrameFloorRatio, "must be 0 to 1.");
        }

        if (!Enum.IsDefined(AugmentPruningScore))
        {
            throw new ArgumentOutOfRangeException(nameof(AugmentPruningScore), AugmentPruningScore, "is not a pruning score.");
        }

        if (EvidenceAttention is { } evidence && (evidence.Layer < 0 || evidence.Weight is <= 0 || !double.IsFinite(evidence.Weight) ||
            evidence.ReadoutWeight is < 0 || !double.IsFinite(evidence.ReadoutWeight) || evidence.Heads < 1 ||
            evidence.TimeReadoutWeight is < 0 || !double.IsFinite(evidence.TimeReadoutWeight) || evidence.TimeReadoutSeconds < 1 ||
            evidence.AnswerReadoutWeight is < 0 || !double.IsFinite(evidence.AnswerReadoutWeight) || (evidence.AnswerReadoutWeight > 0 && evidence.AnswerReadoutClasses < 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(EvidenceAttention), evidence, "needs a layer of 0 or more, a positive weight, read-out weights of 0 or more, at least one head, at least one second to read and answer classes for an answer read-out.");
        }

        if (PatchProbes.FirstOrDefault(p => p.Classes < 1 || p.Weight is < 0 || !double.IsFinite(p.Weight) || p.StartStep < 0 ||
            p.NoneClassWeight is <= 0 || !double.IsFinite(p.NoneClassWeight)) is { } badProbe)
        {
            throw new ArgumentOutOfRangeException(nameof(PatchProbes), badProbe, "a probe needs at least one class, a weight of 0 or more, a start step of 0 or more and a positive class-0 weight.");
        }

        if (FrameBinding is { } binding && (binding.Layer < 0 || binding.Heads < 1 || binding.Weight is <= 0 || !double.IsFinite(binding.Weight)))
        {
            throw new ArgumentOutOfRangeException(nameof(FrameBinding), binding, "needs a layer of 0 or more, at least one head and a positive weight.");
        }

        if (SeenBefore is { } seen && (seen.Layer < 0 || seen.Heads < 1 || seen.Weight is <= 0 || !double.IsFinite(seen.Weight)))
        {
            throw new ArgumentOutOfRangeException(nameof(SeenBefore), seen, "needs a layer of 0 or more, at least one head and a positive weight.");
        }

        return this;
    }
}
