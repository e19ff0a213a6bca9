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
    /// The per-patch auxiliary probes, one per entry of <see cref="TrainingConversation.PatchTargets"/>: each a linear probe
    /// reading its target from the projected visual tokens. Empty: no auxiliary loss. The probes are not part of the model.
    /// </summary>
    public IReadOnlyList<PatchProbe> PatchProbes { get; init; } = [];

    /// <summary>The system prompt of every conversation (must equal the one used at indexing).</summary>
    public string SystemPrompt { get; init; } = new Sparse.VisualContextOptions().SystemPrompt;
}
