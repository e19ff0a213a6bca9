namespace SparseVila.Engine.Tokenization;

/// <summary>A checkpoint's tokenizer files are missing, malformed or describe something unsupported. The message names the file.</summary>
public sealed class TokenizerLoadException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/> (a file, or the checkpoint folder when no file applies).</summary>
    public TokenizerLoadException(string filePath, string message, Exception? innerException = null)
        : base($"{filePath}: {message}", innerException) => FilePath = filePath;

    /// <summary>The file at fault, or the checkpoint folder when no file applies.</summary>
    public string FilePath { get; }
}
