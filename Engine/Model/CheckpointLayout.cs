namespace SparseVila.Engine.Model;

/// <summary>
/// The two key layouts of llava-hf checkpoints. The model's own parameter names follow the older one
/// (<c>language_model.model.*</c>, <c>language_model.lm_head.*</c>, <c>vision_tower.*</c>,
/// <c>multi_modal_projector.*</c>); transformers 4.52+ saves <c>model.language_model.*</c>,
/// <c>lm_head.*</c>, <c>model.vision_tower.*</c>, <c>model.multi_modal_projector.*</c>.
/// </summary>
public enum CheckpointLayout
{
    /// <summary><c>language_model.model.*</c> (transformers before 4.52).</summary>
    LanguageModelFirst,

    /// <summary><c>model.language_model.*</c> (transformers 4.52 and later).</summary>
    ModelFirst,
}

/// <summary>Detects a checkpoint's layout and maps the model's parameter names into it.</summary>
public static class CheckpointLayouts
{
    /// <summary>The layout of a checkpoint holding <paramref name="tensorNames"/>.</summary>
    public static CheckpointLayout Detect(IEnumerable<string> tensorNames) =>
        tensorNames.Any(name => name.StartsWith("model.language_model.", StringComparison.Ordinal) || name.StartsWith("model.vision_tower.", StringComparison.Ordinal))
            ? CheckpointLayout.ModelFirst
            : CheckpointLayout.LanguageModelFirst;

    /// <summary>The checkpoint name of the model parameter <paramref name="moduleName"/> in <paramref name="layout"/>.</summary>
    public static string CheckpointName(string moduleName, CheckpointLayout layout)
    {
        if (layout == CheckpointLayout.LanguageModelFirst)
        {
            return moduleName;
        }

        const string languageModel = "language_model.model.";
        const string lmHead = "language_model.lm_head.";
        if (moduleName.StartsWith(languageModel, StringComparison.Ordinal))
        {
            return "model.language_model." + moduleName[languageModel.Length..];
        }

        if (moduleName.StartsWith(lmHead, StringComparison.Ordinal))
        {
            return "lm_head." + moduleName[lmHead.Length..];
        }

        return "model." + moduleName;
    }

    /// <summary>
    /// Checkpoint tensors the model does not hold and may be left unread: the SigLIP pooling head and
    /// CLIP's position_ids buffer, which LLaVA never uses.
    /// </summary>
    public static bool IsUnused(string checkpointName) =>
        checkpointName.Contains("vision_tower.vision_model.head.", StringComparison.Ordinal) ||
        checkpointName.EndsWith("embeddings.position_ids", StringComparison.Ordinal);
}
