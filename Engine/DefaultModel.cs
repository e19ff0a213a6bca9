namespace SparseVila.Engine;

/// <summary>
/// The embedded default model: a tiny VLM the project trains on the shapes task (docs/demo-model.md) and ships in
/// <c>models/shapes-demo</c> in the Hugging Face layout. The Engine's build copies it next to every program that
/// references the Engine, so <see cref="Folder"/> finds it there, or in the source tree when run from it.
/// </summary>
public static class DefaultModel
{
    /// <summary>The model's folder name under <c>models/</c>.</summary>
    public const string Name = "shapes-demo";

    /// <summary>
    /// The folder of the default model: <c>models/shapes-demo</c> beside the program, else in the nearest folder above it
    /// (or above the working folder) that has one. The path is returned even when no such folder exists, so that loading
    /// it reports what is missing.
    /// </summary>
    public static string Folder()
    {
        var relative = Path.Combine("models", Name);
        var candidates = Ancestors(AppContext.BaseDirectory).Concat(Ancestors(Directory.GetCurrentDirectory()))
            .Select(folder => Path.Combine(folder, relative));
        return candidates.FirstOrDefault(folder => File.Exists(Path.Combine(folder, "config.json")))
            ?? Path.Combine(AppContext.BaseDirectory, relative);
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
        {
            yield return current.FullName;
        }
    }
}
