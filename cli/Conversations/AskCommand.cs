using System.CommandLine;
using SparseVila.Cli.Commands;
using SparseVila.Cli.Http;

namespace SparseVila.Cli.Conversations;

/// <summary>
/// <c>ask --video ID [--video ID2] | --conversation ID  QUESTION [--max-new-tokens N] [--json]</c>: starts a conversation
/// over the videos (or continues one) and prints the answer as it is generated, then its evidence, stats and the
/// conversation's id. With <c>--json</c> the answer's JSON is the only output (the conversation's id goes to standard error).
/// </summary>
public static class AskCommand
{
    public static Command Create(CliEnvironment environment, ConnectionOptions connection)
    {
        var question = new Argument<string>("QUESTION") { Description = "The question" };
        question.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("The question is empty.");
            }
        });
        var videos = new Option<string[]>("--video")
        {
            Description = "A video to ask about (repeat for several); starts a new conversation", HelpName = "ID",
        };
        var conversation = new Option<string?>("--conversation") { Description = "Continue this conversation instead", HelpName = "ID" };
        var maxNewTokens = new Option<int?>("--max-new-tokens")
        {
            Description = "Longest answer, in tokens [default: the Gateway's]", HelpName = "N",
            CustomParser = NumberParsers.OptionalWholeNumber("--max-new-tokens", 1),
        };
        var json = new Option<bool>("--json") { Description = "Print only the answer's JSON (answer, evidence, stats), when it is complete" };
        var command = new Command("ask", "Ask a question about videos; the answer streams as it is generated, then its evidence and stats")
        {
            question, videos, conversation, maxNewTokens, json,
        };
        command.Validators.Add(result =>
        {
            var hasVideos = result.GetValue(videos) is { Length: > 0 };
            var hasConversation = result.GetValue(conversation) is not null;
            if (hasVideos == hasConversation)
            {
                result.AddError("Name the videos with --video to start a conversation, or --conversation to continue one (not both).");
            }
        });
        CommandRunner.SetAction(command, environment, connection, async (session, parse, cancellationToken) =>
        {
            var conversationId = parse.GetValue(conversation)
                ?? (await session.Api.StartConversationAsync(parse.GetValue(videos)!, cancellationToken).ConfigureAwait(false)).Id;
            var request = new AskRequest(parse.GetValue(question)!, parse.GetValue(maxNewTokens));
            if (parse.GetValue(json))
            {
                var body = await session.Api.AskForJsonAsync(conversationId, request, cancellationToken).ConfigureAwait(false);
                session.Console.WriteLine(body.Trim());
                session.Console.Note($"conversation: {conversationId}");
                return ExitCodes.Success;
            }

            return await StreamAsync(session, conversationId, request, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> StreamAsync(CliSession session, string conversationId, AskRequest request, CancellationToken cancellationToken)
    {
        var console = session.Console;
        var wroteText = false;
        try
        {
            await foreach (var message in session.Api.AskStreamingAsync(conversationId, request, cancellationToken).ConfigureAwait(false))
            {
                switch (message)
                {
                    case AnswerToken token:
                        console.Write(token.Text);
                        wroteText = true;
                        break;
                    case AnswerDone done:
                        console.WriteLine(string.Empty);
                        wroteText = false;
                        AnswerPrinter.WriteEvidenceAndStats(console, done.Answer);
                        AnswerPrinter.WriteConversation(console, conversationId);
                        return ExitCodes.Success;
                    default:
                        // The evidence comes again, whole, in `done`.
                        break;
                }
            }
        }
        finally
        {
            if (wroteText)
            {
                // An answer cut short still ends its line, so the error reads on a line of its own.
                console.WriteLine(string.Empty);
            }
        }

        throw new ApiException(0, "Answer cut short", "The Gateway's answer stream ended before the answer was complete.");
    }
}
