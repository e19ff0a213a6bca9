using SparseVila.Contracts.Conversations;

namespace SparseVila.Silo.Tests.Engine;

/// <summary>Asks a conversation grain and collects the streamed answer.</summary>
internal static class Asking
{
    /// <summary>The question's streamed text pieces and its final result.</summary>
    public static async Task<(string StreamedText, AnswerResult Final, int Chunks)> AskAsync(IConversationGrain conversation, string question, int maxNewTokens = 8)
    {
        var text = new System.Text.StringBuilder();
        AnswerResult? final = null;
        var chunks = 0;
        await foreach (var chunk in conversation.AskAsync(new AskRequest(question, maxNewTokens)))
        {
            chunks++;
            Assert.Null(final);                                                                     // nothing follows the final chunk
            text.Append(chunk.Text);
            final = chunk.Final;
        }

        return (text.ToString(), final ?? throw new InvalidOperationException("The answer stream ended without its final result."), chunks);
    }
}
