namespace SparseVila.Engine.Tokenization;

/// <summary>
/// A model family's chat prompt format, in pieces the engine joins so that it can splice video
/// tokens into a user message. A prompt is <see cref="RenderSystem"/>, then for each turn
/// <see cref="RenderUserTurnStart"/> + user content (video pieces, then the question) +
/// <see cref="RenderUserTurnEnd"/>, and for each answered turn <see cref="RenderAssistantAnswer"/> +
/// <see cref="RenderAssistantTurnEnd"/>. The prompt for a new answer ends after the last user turn's end.
/// </summary>
public abstract class ChatTemplate
{
    /// <summary>The system prompt block; empty when <paramref name="systemPrompt"/> is empty.</summary>
    public abstract string RenderSystem(string systemPrompt);

    /// <summary>What opens a user message, before its content.</summary>
    public abstract string RenderUserTurnStart();

    /// <summary>What closes a user message and opens the assistant's answer; generation starts after it.</summary>
    public abstract string RenderUserTurnEnd();

    /// <summary>
    /// An earlier answer as it goes between <see cref="RenderUserTurnEnd"/> and
    /// <see cref="RenderAssistantTurnEnd"/> (Vicuna puts a space before it).
    /// </summary>
    public virtual string RenderAssistantAnswer(string answer) => answer;

    /// <summary>What closes an assistant answer in the conversation history.</summary>
    public abstract string RenderAssistantTurnEnd();

    /// <summary>Text that ends generation when the model writes it.</summary>
    public abstract IReadOnlyList<string> StopStrings { get; }

    /// <summary>
    /// The template for a language model's Hugging Face <c>model_type</c>: "qwen2" → <see cref="ChatMlTemplate"/>,
    /// "llama" → <see cref="VicunaTemplate"/>. Anything else is an <see cref="UnknownChatTemplateException"/>.
    /// </summary>
    public static ChatTemplate ForModelType(string llmModelType)
    {
        ArgumentNullException.ThrowIfNull(llmModelType);
        return llmModelType switch
        {
            "qwen2" => new ChatMlTemplate(),
            "llama" => new VicunaTemplate(),
            _ => throw new UnknownChatTemplateException(llmModelType),
        };
    }
}
