namespace SparseVila.Training.Shapes;

/// <summary>A scene or object track that breaks a rule of the shapes task; the message names the rule.</summary>
public sealed class InvalidSceneException : Exception
{
    /// <summary>Creates the exception with a message that says which rule is broken and by what.</summary>
    public InvalidSceneException(string message)
        : base(message)
    {
    }
}
