namespace SparseVila.Engine.Tokenization;

/// <summary>
/// ChatML, as Qwen2 uses it: every message is <c>&lt;|im_start|&gt;{role}\n{content}&lt;|im_end|&gt;\n</c>.
/// </summary>
public sealed class ChatMlTemplate : ChatTemplate
{
    private const string Start = "<|im_start|>";
    private const string End = "<|im_end|>";

    /// <inheritdoc/>
    public override IReadOnlyList<string> StopStrings { get; } = [End, "<|endoftext|>"];

    /// <inheritdoc/>
    public override string RenderSystem(string systemPrompt)
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        return systemPrompt.Length == 0 ? "" : $"{Start}system\n{systemPrompt}{End}\n";
    }

    /// <inheritdoc/>
    public override string RenderUserTurnStart() => $"{Start}user\n";

    /// <inheritdoc/>
    public override string RenderUserTurnEnd() => $"{End}\n{Start}assistant\n";

    /// <inheritdoc/>
    public override string RenderAssistantTurnEnd() => $"{End}\n";
}
