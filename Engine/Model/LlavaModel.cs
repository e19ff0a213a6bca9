using SparseVila.Engine.Checkpoints;
using SparseVila.Engine.Model.Config;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Model.Vision;
using TorchSharp;
using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

namespace SparseVila.Engine.Model;

/// <summary>
/// A LLaVA-style VLM: vision tower → projector → decoder LLM, with llava-hf parameter names. Frames
/// become visual token embeddings (<see cref="EncodeFrames"/>); the prompt's visual slots take them.
/// </summary>
public sealed class LlavaModel : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face parameter names, so checkpoints load without mapping.
    private readonly VisionTower vision_tower;
    private readonly MultiModalProjector multi_modal_projector;
    private readonly CausalLanguageModel language_model;
#pragma warning restore IDE1006

    public LlavaModel(LlavaConfig config) : base(nameof(LlavaModel))
    {
        Config = config;
        vision_tower = new VisionTower(config.Vision);
        multi_modal_projector = new MultiModalProjector(config);
        language_model = new CausalLanguageModel(config.Text);
        RegisterComponents();
    }

    /// <summary>The configuration the model was built from.</summary>
    public LlavaConfig Config { get; }

    /// <summary>The decoder LLM.</summary>
    public CausalLanguageModel LanguageModel => language_model;

    /// <summary>The ViT.</summary>
    public VisionTransformer Vision => vision_tower.Transformer;

    /// <summary>The device the weights are on.</summary>
    public Device Device { get; private set; } = CPU;

    /// <summary>The weights' dtype.</summary>
    public ScalarType ComputeType { get; private set; } = ScalarType.Float32;

    /// <summary>
    /// Loads <c>config.json</c> and the safetensors weights of a llava-hf checkpoint folder (either key
    /// layout, single or sharded) onto the device in the compute dtype, ready for inference.
    /// </summary>
    /// <exception cref="ModelConfigException">The configuration holds a value not implemented here.</exception>
    /// <exception cref="CheckpointException">A tensor is missing, unexpected, or has the wrong shape.</exception>
    public static LlavaModel Load(string checkpointFolder, ModelLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = LlavaConfig.Load(Path.Combine(checkpointFolder, "config.json"));
        using var checkpoint = CheckpointTensors.Open(checkpointFolder);
        var model = new LlavaModel(config);
        model.MoveTo(options.Device, options.ComputeType);
        var layout = CheckpointLayouts.Detect(checkpoint.Names);
        ModuleStateLoader.Load(model, checkpoint, name => CheckpointLayouts.CheckpointName(name, layout), options.ComputeType, CheckpointLayouts.IsUnused);
        model.eval();
        return model;
    }

    /// <summary>Moves the weights to <paramref name="device"/> in <paramref name="dtype"/>.</summary>
    public void MoveTo(Device device, ScalarType dtype)
    {
        this.to(device, dtype);
        language_model.MoveTo(device, dtype);
        Device = device;
        ComputeType = dtype;
    }

    /// <summary>Token ids (B, T) → embeddings (B, T, D).</summary>
    public Tensor EmbedTokens(Tensor inputIds) => language_model.Embed(inputIds.to(Device));

    /// <summary>
    /// Frames (N, C, H, W), preprocessed for the tower → visual token embeddings (N, Nv, D) for the LLM:
    /// the hidden states of the feature layer, the first token dropped per the select strategy, projected.
    /// </summary>
    public Tensor EncodeFrames(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        return multi_modal_projector.forward(EncodeVisionFeatures(pixels)).MoveToOuterDisposeScope(); // (N, Nv, D)
    }

    /// <summary>
    /// Frames (N, C, H, W) → the feature layer's vision features (N, Nv, Dv), the first token dropped per the select
    /// strategy, not yet projected.
    /// </summary>
    public Tensor EncodeVisionFeatures(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var hidden = Vision.HiddenStates(pixels.to(ComputeType, Device), Config.VisionLayersUsed); // (N, L, Dv)
        return (Config.DropsFirstToken ? hidden[.., 1.., ..] : hidden).MoveToOuterDisposeScope(); // (N, Nv, Dv)
    }

    /// <summary>The projector, (…, Dv) → (…, D), for callers that select features before projecting them.</summary>
    public Tensor Project(Tensor visionFeatures) => multi_modal_projector.forward(visionFeatures);

    /// <summary>
    /// Frames (N, C, H, W) → the feature layer's vision features (N, Nv, Dv), not yet projected, and each
    /// visual token's salience (N, Nv) (SparseVILA's query-agnostic score). A kept [CLS] token gets
    /// salience 1, the most any attention probability can be, so pruning never drops the summary.
    /// </summary>
    public (Tensor Features, Tensor Salience) EncodeFramesWithSalience(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var (hidden, salience) = Vision.HiddenStatesWithSalience(pixels.to(ComputeType, Device), Config.VisionLayersUsed); // (N, L, Dv), (N, L)
        if (Config.Vision.HasClassToken)
        {
            salience = salience.IndexFillScalar(1, tensor(new long[] { 0 }, device: salience.device), 1.0);
        }

        if (Config.DropsFirstToken)
        {
            hidden = hidden[.., 1.., ..];                                                          // (N, Nv, Dv)
            salience = salience[.., 1..];                                                          // (N, Nv)
        }

        return (hidden.MoveToOuterDisposeScope(), salience.to_type(ScalarType.Float32).MoveToOuterDisposeScope());
    }
}
