namespace SparseVila.Engine.Video;

/// <summary>A <c>preprocessor_config.json</c> value this engine does not implement or cannot use. The message names the field.</summary>
public sealed class ImagePreprocessingException : Exception
{
    /// <summary>Creates the exception for the JSON field <paramref name="field"/>, e.g. <c>resample</c>.</summary>
    public ImagePreprocessingException(string field, string message)
        : base($"preprocessor_config.json: {field}: {message}") => Field = field;

    /// <summary>The Hugging Face field at fault, e.g. <c>crop_size</c>.</summary>
    public string Field { get; }
}
