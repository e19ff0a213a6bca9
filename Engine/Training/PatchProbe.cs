namespace SparseVila.Engine.Training;

/// <summary>One auxiliary per-patch probe of <see cref="ConversationTrainer"/>.</summary>
/// <param name="Classes">The classes of its target.</param>
/// <param name="Weight">The weight of its loss against the answer loss.</param>
/// <param name="StartStep">
/// The optimiser step from which its loss counts: a target that would steer the tower too early can wait until the model
/// has learned to look.
/// </param>
/// <param name="NoneClassWeight">
/// The weight of class 0 in its cross-entropy against 1 for every other class. When class 0 is "nothing here" and most
/// patches show nothing, a weight under 1 keeps the patches that show something from being a small share of the loss.
/// </param>
public sealed record PatchProbe(int Classes, double Weight, int StartStep = 0, double NoneClassWeight = 1);
