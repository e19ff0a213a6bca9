using System.Text.Json.Nodes;
using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Config;
using static TorchSharp.torch;

namespace SparseVila.Bench.Sparsity;

/// <summary>
/// Writes a complete checkpoint folder for a benchmark model (by default <see cref="SparsityBenchmarkModel"/>): config.json and
/// bf16 safetensors with random weights, the byte-level tokenizer with its generation_config.json, and a
/// SigLIP-style preprocessor_config.json.
/// </summary>
public static class BenchmarkCheckpointFolder
{
    /// <summary>Writes the folder's files for <see cref="SparsityBenchmarkModel"/> into <paramref name="folder"/>.</summary>
    public static Task WriteAsync(string folder, CancellationToken cancellationToken) => WriteAsync(folder, SparsityBenchmarkModel.Config, cancellationToken);

    /// <summary>Writes the folder's files for a random model of <paramref name="config"/> into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(string folder, LlavaConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Text.VocabSize < ByteLevelTokenizerFiles.VocabularyTokens || config.ImageTokenId >= config.Text.VocabSize)
        {
            throw new InvalidOperationException(
                $"The model's vocabulary ({config.Text.VocabSize}) must hold the tokenizer's {ByteLevelTokenizerFiles.VocabularyTokens} ids and the image token {config.ImageTokenId}.");
        }

        using (var model = new LlavaModel(config))
        {
            SilenceSpecialTokens(model);
            LlavaCheckpointWriter.Save(model, folder, CheckpointLayout.ModelFirst, ScalarType.BFloat16);
        }

        ByteLevelTokenizerFiles.Write(folder);
        await WriteJsonAsync(folder, "preprocessor_config.json", new JsonObject
        {
            ["image_processor_type"] = "SiglipImageProcessor",
            ["do_resize"] = true,
            ["size"] = new JsonObject { ["height"] = config.Vision.ImageSize, ["width"] = config.Vision.ImageSize },
            ["resample"] = 3,                       // PIL bicubic
            ["do_rescale"] = true,
            ["rescale_factor"] = 1 / 255.0,
            ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(0.5, 0.5, 0.5),
            ["image_std"] = new JsonArray(0.5, 0.5, 0.5),
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Zeroes the LM-head rows of the special tokens, so their logits are exactly 0 while the maximum of
    /// the 256 byte tokens' random logits is positive but for a 2⁻²⁵⁶ chance: greedy decoding never ends
    /// an answer early or emits a stop string, and every turn decodes its full token budget, as a long
    /// answer of a trained model would. Only which token wins changes, not what a step costs.
    /// </summary>
    private static void SilenceSpecialTokens(LlavaModel model)
    {
        var head = model.named_parameters().Where(p => p.name.EndsWith("lm_head.weight", StringComparison.Ordinal)).Select(p => p.parameter).ToList();
        if (head.Count != 1)
        {
            throw new InvalidOperationException($"Expected one untied lm_head.weight, found {head.Count}.");
        }

        using var inference = no_grad();
        foreach (var id in ByteLevelTokenizerFiles.SpecialTokenIds)
        {
            head[0][id].zero_();                    // (D,) row of the (V, D) head
        }
    }

    private static Task WriteJsonAsync(string folder, string fileName, JsonNode json, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(Path.Combine(folder, fileName), json.ToJsonString(), cancellationToken);
}
