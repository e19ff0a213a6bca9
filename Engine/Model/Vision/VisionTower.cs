using SparseVila.Engine.Model.Config;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model.Vision;

/// <summary>The vision tower (<c>vision_tower</c>), holding <c>vision_model</c> as CLIPVisionModel/SiglipVisionModel do.</summary>
public sealed class VisionTower : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly VisionTransformer vision_model;
#pragma warning restore IDE1006

    public VisionTower(VisionConfig config) : base(nameof(VisionTower))
    {
        vision_model = new VisionTransformer(config);
        RegisterComponents();
    }

    /// <summary>The ViT.</summary>
    public VisionTransformer Transformer => vision_model;
}
