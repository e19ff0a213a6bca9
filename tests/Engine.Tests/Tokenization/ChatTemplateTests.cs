using System.Text;
using SparseVila.Engine.Tokenization;

namespace SparseVila.Engine.Tests.Tokenization;

public sealed class ChatTemplateTests
{
    private static readonly (string User, string? Answer)[] TwoTurns =
    [
        ("What is in the video?", "A cat."),
        ("What colour is it?", null),
    ];

    [Fact]
    public void ChatMl_RendersATwoTurnConversation_AsQwen2Does() =>
        Assert.Equal(
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n" +
            "<|im_start|>user\nWhat is in the video?<|im_end|>\n<|im_start|>assistant\nA cat.<|im_end|>\n" +
            "<|im_start|>user\nWhat colour is it?<|im_end|>\n<|im_start|>assistant\n",
            Render(new ChatMlTemplate(), "You are a helpful assistant.", TwoTurns));

    [Fact]
    public void Vicuna_RendersATwoTurnConversation_AsLlava15Does() =>
        Assert.Equal(
            "A chat between a curious human and an artificial intelligence assistant. " +
            "USER: What is in the video? ASSISTANT: A cat.</s>" +
            "USER: What colour is it? ASSISTANT:",
            Render(new VicunaTemplate(), "A chat between a curious human and an artificial intelligence assistant.", TwoTurns));

    [Fact]
    public void UserContent_IsWhateverTheEngineSplicesBetweenStartAndEnd()
    {
        var template = new ChatMlTemplate();

        var prompt = template.RenderUserTurnStart() + "<video>" + "\nWhat happens?" + template.RenderUserTurnEnd();

        Assert.Equal("<|im_start|>user\n<video>\nWhat happens?<|im_end|>\n<|im_start|>assistant\n", prompt);
    }

    [Fact]
    public void EmptySystemPrompt_RendersNothing()
    {
        Assert.Equal("", new ChatMlTemplate().RenderSystem(""));
        Assert.Equal("", new VicunaTemplate().RenderSystem(""));
    }

    [Fact]
    public void StopStrings_AreTheTurnEnds()
    {
        Assert.Contains("<|im_end|>", new ChatMlTemplate().StopStrings);
        Assert.Equal(["</s>"], new VicunaTemplate().StopStrings);
    }

    [Theory]
    [InlineData("qwen2", typeof(ChatMlTemplate))]
    [InlineData("llama", typeof(VicunaTemplate))]
    public void ForModelType_PicksTheFamilysTemplate(string modelType, Type expected) =>
        Assert.IsType(expected, ChatTemplate.ForModelType(modelType), exactMatch: true);

    [Fact]
    public void ForModelType_RefusesAnUnknownType_NamingIt()
    {
        var error = Assert.Throws<UnknownChatTemplateException>(() => ChatTemplate.ForModelType("mistral"));

        Assert.Equal("mistral", error.ModelType);
        Assert.Contains("'mistral'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatMlPrompt_EncodesItsMarkers_AsSingleSpecialTokens()
    {
        using var folder = new CheckpointFolder();
        await TinyByteLevelBpe.WriteTokenizerJsonAsync(folder);
        var tokenizer = TokenizerLoader.Load(folder.Path);
        var template = new ChatMlTemplate();

        var ids = tokenizer.Encode(template.RenderUserTurnStart() + "the cat" + template.RenderUserTurnEnd());

        Assert.Equal(TinyByteLevelBpe.ImStart, ids[0]);
        Assert.Equal(2, ids.Count(id => id == TinyByteLevelBpe.ImStart));
        Assert.Single(ids, TinyByteLevelBpe.ImEnd);
    }

    // How the engine builds a prompt: system, then per turn user start + content + user end, and the answer if there is one.
    private static string Render(ChatTemplate template, string system, IEnumerable<(string User, string? Answer)> turns)
    {
        var prompt = new StringBuilder(template.RenderSystem(system));
        foreach (var (user, answer) in turns)
        {
            prompt.Append(template.RenderUserTurnStart()).Append(user).Append(template.RenderUserTurnEnd());
            if (answer is not null)
            {
                prompt.Append(template.RenderAssistantAnswer(answer)).Append(template.RenderAssistantTurnEnd());
            }
        }

        return prompt.ToString();
    }
}
