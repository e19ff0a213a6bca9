using System.Text;
using System.Text.Json.Nodes;

namespace SparseVila.Engine.Tests.Tokenization;

/// <summary>A temporary checkpoint folder for one test, deleted afterwards.</summary>
internal sealed class CheckpointFolder : IDisposable
{
    public CheckpointFolder() => Directory.CreateDirectory(Path);

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sparsevila-tokenizer-" + Guid.NewGuid().ToString("N"));

    /// <summary>The path of <paramref name="fileName"/> in the folder.</summary>
    public string File(string fileName) => System.IO.Path.Combine(Path, fileName);

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="fileName"/>.</summary>
    public Task WriteAsync(string fileName, string text) =>
        System.IO.File.WriteAllTextAsync(File(fileName), text, new UTF8Encoding(false), TestContext.Current.CancellationToken);

    /// <summary>Writes <paramref name="json"/> to <paramref name="fileName"/>.</summary>
    public Task WriteAsync(string fileName, JsonNode json) => WriteAsync(fileName, json.ToJsonString());

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="fileName"/>.</summary>
    public Task WriteAsync(string fileName, byte[] bytes) =>
        System.IO.File.WriteAllBytesAsync(File(fileName), bytes, TestContext.Current.CancellationToken);

    /// <summary>Rewrites the JSON file <paramref name="fileName"/> after <paramref name="edit"/> has changed it.</summary>
    public async Task EditJsonAsync(string fileName, Action<JsonNode> edit)
    {
        var json = JsonNode.Parse(await System.IO.File.ReadAllTextAsync(File(fileName), TestContext.Current.CancellationToken))!;
        edit(json);
        await WriteAsync(fileName, json);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
