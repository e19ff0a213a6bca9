using SparseVila.Engine.Model;
using static TorchSharp.torch;

namespace SparseVila.Engine.Training;

/// <summary>
/// Initialisation for training from scratch, as transformers initialises Llama/Qwen2: token embeddings
/// (tied to the LM head) drawn from N(0, 0.02²). TorchSharp's default N(0, 1) embeddings make the
/// first logits huge through the tied head (an initial loss of ~170 nats instead of ~ln V).
/// </summary>
public static class TrainingInitialization
{
    /// <summary>Standard deviation of the initial token embeddings.</summary>
    public const double EmbeddingStd = 0.02;

    /// <summary>Re-initialises <paramref name="model"/>'s token embeddings.</summary>
    public static void Apply(LlavaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var inference = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (name.EndsWith("embed_tokens.weight", StringComparison.Ordinal))
            {
                parameter.normal_(0, EmbeddingStd);
            }
        }
    }
}
