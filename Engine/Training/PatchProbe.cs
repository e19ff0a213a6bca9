namespace SparseVila.Engine.Training;

/// <summary>One auxiliary per-patch probe of <see cref="ConversationTrainer"/>.</summary>
/// <param name="Classes">The classes of its target.</param>
/// <param name="Weight">The weight of its loss against the answer loss.</param>
/// <param name="StartStep">
/// The optimiser step from which its loss counts: a target that would steer the tower too early can wait until the model
/// has learned to look.
/// </param>
public sealed record PatchProbe(int Classes, double Weight, int StartStep = 0);
