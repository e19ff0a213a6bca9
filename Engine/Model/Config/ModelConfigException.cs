namespace SparseVila.Engine.Model.Config;

/// <summary>A checkpoint's configuration holds a value this engine does not implement or cannot read.</summary>
public sealed class ModelConfigException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/>, a JSON path such as <c>text_config.rope_scaling</c>.</summary>
    public ModelConfigException(string path, string field, string message)
        : base($"{path}: {field}: {message}")
    {
        Path = path;
        Field = field;
    }

    /// <summary>The file that holds the value.</summary>
    public string Path { get; }

    /// <summary>The JSON path of the value at fault.</summary>
    public string Field { get; }
}
