using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Vision;

/// <summary>Patch embedding (a stride-patch convolution) plus learned positions; CLIP also prepends a [CLS] token.</summary>
public sealed class VisionEmbeddings : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly Parameter? class_embedding; // CLIP only
    private readonly Conv2d patch_embedding;
    private readonly Embedding position_embedding;
#pragma warning restore IDE1006
    private readonly VisionConfig _config;

    public VisionEmbeddings(VisionConfig config) : base(nameof(VisionEmbeddings))
    {
        _config = config;
        class_embedding = config.HasClassToken ? nn.Parameter(randn(config.HiddenSize)) : null;
        patch_embedding = nn.Conv2d(config.NumChannels, config.HiddenSize, config.PatchSize, stride: config.PatchSize,
            bias: config.Kind == VisionTowerKind.Siglip);
        position_embedding = nn.Embedding(config.PatchTokens + (config.HasClassToken ? 1 : 0), config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>Pixels (N, C, H, W) at the tower's resolution → tokens (N, L, D), L = patches (+1 for [CLS]).</summary>
    public override Tensor forward(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        if (pixels.shape.Length != 4 || pixels.shape[1] != _config.NumChannels || pixels.shape[2] != _config.ImageSize || pixels.shape[3] != _config.ImageSize)
        {
            throw new ArgumentException(
                $"The vision tower takes (N, {_config.NumChannels}, {_config.ImageSize}, {_config.ImageSize}) pixels, not ({string.Join(", ", pixels.shape)}).",
                nameof(pixels));
        }

        var frames = pixels.shape[0];
        var patches = patch_embedding.forward(pixels.to_type(patch_embedding.weight!.dtype)); // (N, D, H/p, W/p)
        var tokens = patches.flatten(2).transpose(1, 2);                                   // (N, P, D)
        if (class_embedding is not null)
        {
            var cls = class_embedding.expand(frames, 1, -1);                              // (N, 1, D)
            tokens = cat([cls, tokens], 1);                                               // (N, 1 + P, D)
        }

        return tokens.Plus(position_embedding.weight!.unsqueeze(0)).MoveToOuterDisposeScope(); // (N, L, D)
    }
}
