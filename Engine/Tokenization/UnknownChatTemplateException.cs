namespace SparseVila.Engine.Tokenization;

/// <summary>No chat template is known for a language model type. The message names the type.</summary>
public sealed class UnknownChatTemplateException : Exception
{
    /// <summary>Creates the exception for <paramref name="modelType"/>.</summary>
    public UnknownChatTemplateException(string modelType)
        : base($"No chat template is known for language model type '{modelType}'; known: qwen2 (ChatML), llama (Vicuna).") => ModelType = modelType;

    /// <summary>The <c>model_type</c> that has no template.</summary>
    public string ModelType { get; }
}
