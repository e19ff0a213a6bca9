using SparseVila.Engine.Checkpoints;
using SparseVila.Engine.Model.Config;
using static TorchSharp.torch;

namespace SparseVila.Engine.Model;

/// <summary>Saves a <see cref="LlavaModel"/> as a llava-hf checkpoint folder: config.json plus safetensors.</summary>
public static class LlavaCheckpointWriter
{
    /// <summary>
    /// Writes <c>config.json</c> and the weights in <paramref name="layout"/>, stored as
    /// <paramref name="storeAs"/>; one <c>model.safetensors</c>, or shards of at most
    /// <paramref name="maxShardBytes"/> with an index when given.
    /// </summary>
    public static void Save(LlavaModel model, string folder, CheckpointLayout layout, ScalarType storeAs, long? maxShardBytes = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(folder);
        LlavaConfigJson.Write(model.Config, folder);
        var tensors = model.named_parameters()
            .ToDictionary(p => CheckpointLayouts.CheckpointName(p.name, layout), p => (Tensor)p.parameter.detach().cpu());
        try
        {
            if (maxShardBytes is { } shardBytes)
            {
                SafetensorsWriter.WriteSharded(folder, tensors, shardBytes, storeAs);
            }
            else
            {
                SafetensorsWriter.Write(Path.Combine(folder, "model.safetensors"), tensors, storeAs: storeAs);
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
