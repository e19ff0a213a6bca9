using TorchSharp;
using static TorchSharp.torch;

namespace SparseVila.Engine.Tests.Model;

/// <summary>
/// Redraws a freshly built model's random weights from a generator of its own, with TorchSharp's default
/// distributions (token and position embeddings N(0, 1); weights and their biases U(±1/√fan-in)); norms keep
/// their constant values. Seeding torch's global generator is not enough: xunit runs test classes in
/// parallel, and any of them may draw from it meanwhile.
/// </summary>
internal static class SeededWeights
{
    public static T Apply<T>(T model, ulong seed) where T : nn.Module
    {
        using var generator = new Generator(seed);
        using var inference = no_grad();
        var parameters = model.named_parameters().ToList();
        var fanIn = parameters.Where(p => p.parameter.dim() >= 2)
            .ToDictionary(p => Owner(p.name), p => p.parameter.numel() / p.parameter.shape[0]);
        foreach (var (name, parameter) in parameters)
        {
            if (name.EndsWith("embed_tokens.weight", StringComparison.Ordinal) || name.Contains("position_embedding", StringComparison.Ordinal)
                || name.EndsWith("class_embedding", StringComparison.Ordinal))
            {
                parameter.normal_(0, 1, generator);
            }
            else if (fanIn.TryGetValue(Owner(name), out var inputs))
            {
                var bound = 1 / Math.Sqrt(inputs);
                parameter.uniform_(-bound, bound, generator);
            }
        }

        return model;
    }

    /// <summary>The module a parameter belongs to: its name without the last part.</summary>
    private static string Owner(string name) => name[..Math.Max(0, name.LastIndexOf('.'))];
}
