using TorchSharp;

namespace SparseVila.Engine.Checkpoints;

/// <summary>Copies a checkpoint's tensors into a module's parameters and persistent buffers, all or nothing.</summary>
public static class ModuleStateLoader
{
    /// <summary>
    /// Loads every parameter and persistent buffer of <paramref name="module"/> from the checkpoint tensor named
    /// <paramref name="checkpointNameOf"/>(module name). Floating tensors are converted to <paramref name="dtype"/>
    /// (integer ones keep their type) and copied into the parameter on its device, under no_grad; a meta-device
    /// parameter has no storage and is checked but not copied into.
    /// Everything is checked before anything is copied: a tensor missing from the checkpoint, a shape differing
    /// from the model's, or a checkpoint tensor nothing consumed (unless <paramref name="ignoreUnexpected"/> says
    /// so) is collected, and all of them are thrown together as one <see cref="CheckpointException"/>, leaving the
    /// module untouched.
    /// </summary>
    public static void Load(
        torch.nn.Module module,
        CheckpointTensors checkpoint,
        Func<string, string> checkpointNameOf,
        torch.ScalarType dtype,
        Func<string, bool>? ignoreUnexpected = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(checkpointNameOf);
        if (!SafetensorsDataTypes.IsFloating(dtype))
        {
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Floating checkpoint tensors load as a floating type.");
        }

        var targets = new List<(string CheckpointName, torch.Tensor Target)>();
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (moduleName, target) in StateOf(module))
        {
            var checkpointName = checkpointNameOf(moduleName);
            var alias = checkpointName == moduleName ? "" : $" (module '{moduleName}')";
            if (!checkpoint.Contains(checkpointName))
            {
                problems.Add($"{checkpointName}: missing from the checkpoint{alias}; the model expects {ShapeText.Of(target.shape)}.");
                continue;
            }

            claimed.Add(checkpointName);
            var info = checkpoint.Info(checkpointName);
            if (!info.Shape.AsSpan().SequenceEqual(target.shape))
            {
                problems.Add($"{checkpointName}: checkpoint shape {ShapeText.Of(info.Shape)}, model expects {ShapeText.Of(target.shape)}{alias}.");
            }
            else if (!SafetensorsDataTypes.TryGetScalarType(info.DataType, out _))
            {
                problems.Add($"{checkpointName}: dtype {info.DataType} cannot be loaded; loadable: {SafetensorsDataTypes.LoadableNames}.");
            }
            else
            {
                targets.Add((checkpointName, target));
            }
        }

        problems.AddRange(checkpoint.Names
            .Where(name => !claimed.Contains(name) && ignoreUnexpected?.Invoke(name) != true)
            .Select(name => $"{name}: in the checkpoint but not used by the model."));
        if (problems.Count > 0)
        {
            throw new CheckpointException(checkpoint.Folder, problems);
        }

        using var noGrad = torch.no_grad();
        foreach (var (checkpointName, target) in targets)
        {
            Copy(checkpoint, checkpointName, target, dtype);
        }
    }

    /// <summary>Every parameter and persistent buffer of <paramref name="module"/>: its name and shape, e.g. to compare a meta-device model with a checkpoint.</summary>
    public static IReadOnlyList<(string Name, long[] Shape)> Describe(torch.nn.Module module) =>
        [.. StateOf(module).Select(entry => (entry.Name, entry.Tensor.shape))];

    private static IEnumerable<(string Name, torch.Tensor Tensor)> StateOf(torch.nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter))
            .Concat(module.named_buffers(recurse: true, include_nonpersistent: false));
    }

    /// <summary>
    /// Copies one checkpoint tensor into <paramref name="target"/>. When the target already has the type asked
    /// for, the tensor is read in its stored type on the CPU and copy_ converts and moves it in one step (two
    /// copies in all); otherwise it is converted to <paramref name="dtype"/> first, as asked, then copied.
    /// </summary>
    private static void Copy(CheckpointTensors checkpoint, string checkpointName, torch.Tensor target, torch.ScalarType dtype)
    {
        if (target.device_type == DeviceType.META)
        {
            return;
        }

        SafetensorsDataTypes.TryGetScalarType(checkpoint.Info(checkpointName).DataType, out var storedType);
        var readAs = SafetensorsDataTypes.IsFloating(storedType) && target.dtype != dtype ? dtype : storedType;
        using var source = checkpoint.Load(checkpointName, readAs, torch.CPU);
        target.copy_(source);
    }
}
