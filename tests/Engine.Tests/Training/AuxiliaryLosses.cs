using SparseVila.Engine.Training;

namespace SparseVila.Engine.Tests.Training;

/// <summary>What the tests of the trainer's auxiliary losses share.</summary>
internal static class AuxiliaryLosses
{
    /// <summary>The options those tests train with: fast, one conversation a step, no pruning.</summary>
    public static TrainingOptions Fast { get; } = new() { LearningRate = 3e-3, WarmupSteps = 1, TotalSteps = 60, ConversationsPerStep = 1, PruneAugmentFraction = 0 };

    /// <summary>Trains on <paramref name="conversation"/> 40 times and asserts that <paramref name="loss"/> started above 0.5 and fell below 0.3× that.</summary>
    public static void AssertLearnt(ConversationTrainer trainer, TrainingConversation conversation, Func<TrainingResult, double> loss, string name)
    {
        var first = loss(trainer.Train(conversation));
        var last = first;
        for (var step = 1; step < 40; step++)
        {
            last = loss(trainer.Train(conversation));
        }

        Assert.True(first > 0.5, $"first {name} loss {first:F3}");
        Assert.True(last < first * 0.3, $"{name} loss {first:F3} → {last:F3}");
    }
}
