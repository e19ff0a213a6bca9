namespace SparseVila.Engine.Tokenization;

/// <summary>
/// Vicuna v1, as LLaVA-1.5 and Llama-based VILA use it: <c>{system} USER: {question} ASSISTANT: {answer}&lt;/s&gt;USER: …</c>.
/// The prompt for a new answer ends with "ASSISTANT:"; the model writes the space before its answer.
/// </summary>
public sealed class VicunaTemplate : ChatTemplate
{
    /// <inheritdoc/>
    public override IReadOnlyList<string> StopStrings { get; } = ["</s>"];

    /// <inheritdoc/>
    public override string RenderSystem(string systemPrompt)
    {
        ArgumentNullException.ThrowIfNull(systemPrompt);
        return systemPrompt.Length == 0 ? "" : systemPrompt + " ";
    }

    /// <inheritdoc/>
    public override string RenderUserTurnStart() => "USER: ";

    /// <inheritdoc/>
    public override string RenderUserTurnEnd() => " ASSISTANT:";

    /// <inheritdoc/>
    public override string RenderAssistantAnswer(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return " " + answer;
    }

    /// <inheritdoc/>
    public override string RenderAssistantTurnEnd() => "</s>";
}
