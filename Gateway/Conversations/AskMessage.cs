using System.Security.Claims;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SparseVila.Contracts.Conversations;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.Problems;
using SparseVila.Gateway.ServerSentEvents;
using SparseVila.Gateway.Tenancy;

namespace SparseVila.Gateway.Conversations;

/// <summary>
/// <c>POST /api/conversations/{id}/messages</c>: checks the question and the tenant's limit, then relays the conversation
/// grain's answer, whole as JSON or as it is generated as server-sent events (<c>token</c>, <c>evidence</c>, <c>done</c>).
/// The first chunk is awaited before anything is written, so a refusal (not indexed, busy, unknown) is still an ordinary
/// problem response; a failure after that is an <c>error</c> event.
/// </summary>
public static partial class AskMessage
{
    public static async Task AskAsync(
        string id, AskMessageRequest? body, ClaimsPrincipal user, IGrainFactory grains, TenantAskLimiter limiter, IOptions<GatewayOptions> options,
        IOptions<JsonOptions> json, ILoggerFactory loggers, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(context);
        var request = Validate(body, options.Value);
        var tenant = user.Tenant();
        var conversation = grains.Conversation(tenant, id);
        // Released as soon as the answer is complete, before it is sent: a client may ask again the moment it has it.
        using var slot = limiter.TryAcquire(tenant) ?? throw new ApiProblemException(StatusCodes.Status429TooManyRequests, "Too many questions",
            $"This tenant has {options.Value.MaxConcurrentAsksPerTenant} questions in flight (Gateway:MaxConcurrentAsksPerTenant); try again when one is answered.")
        {
            RetryAfterSeconds = 1,
        };
        var aborted = context.RequestAborted;
        var chunks = conversation.AskAsync(request).GetAsyncEnumerator(aborted);
        await using (chunks.ConfigureAwait(false))
        {
            var hasFirst = await chunks.MoveNextAsync().ConfigureAwait(false);
            if (!ServerSentEventWriter.IsWanted(context.Request))
            {
                var result = await FinalAsync(chunks, hasFirst).ConfigureAwait(false);
                slot.Dispose();
                await TypedResults.Ok(AnswerResponse.From(result)).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            var events = await ServerSentEventWriter.StartAsync(context, json.Value.SerializerOptions).ConfigureAwait(false);
            try
            {
                for (var more = hasFirst; more; more = await chunks.MoveNextAsync().ConfigureAwait(false))
                {
                    var chunk = chunks.Current;
                    if (chunk.Text.Length > 0)
                    {
                        await events.WriteEventAsync("token", new TokenEvent(chunk.Text), aborted).ConfigureAwait(false);
                    }

                    if (chunk.Final is { } final)
                    {
                        var answer = AnswerResponse.From(final);
                        slot.Dispose();
                        await events.WriteEventAsync("evidence", answer.Evidence, aborted).ConfigureAwait(false);
                        await events.WriteEventAsync("done", answer, aborted).ConfigureAwait(false);
                        return;
                    }
                }

                throw new InvalidOperationException("The answer ended without its final chunk.");
            }
            catch (Exception error) when (!aborted.IsCancellationRequested)
            {
                // Headers are sent: the failure can only be told as an event.
                var problem = GatewayExceptionHandler.ToProblem(error) ?? new ApiProblem(StatusCodes.Status500InternalServerError, "Answer failed", "The answer could not be completed.");
                LogStreamFailed(loggers.CreateLogger(typeof(AskMessage)), error, id);
                await events.WriteEventAsync("error", new { type = "about:blank", title = problem.Title, status = problem.Status, detail = problem.Detail }, aborted)
                    .ConfigureAwait(false);
            }
        }
    }

    private static AskRequest Validate(AskMessageRequest? body, GatewayOptions options)
    {
        var question = body?.Question?.Trim();
        if (string.IsNullOrEmpty(question))
        {
            throw ApiProblemException.BadRequest("Empty question", "Send { \"question\": \"…\" } with a question that is not empty.");
        }

        if (question.Length > options.MaxQuestionChars)
        {
            throw ApiProblemException.BadRequest("Question too long",
                $"A question has at most {options.MaxQuestionChars} characters (Gateway:MaxQuestionChars); this one has {question.Length}.");
        }

        if (question.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            throw ApiProblemException.BadRequest("Malformed question", "A question may not hold control characters other than newlines and tabs.");
        }

        var maxNewTokens = body!.MaxNewTokens ?? Math.Min(AskRequest.DefaultMaxNewTokens, options.MaxNewTokens);
        if (maxNewTokens < 1 || maxNewTokens > options.MaxNewTokens)
        {
            throw ApiProblemException.BadRequest("Bad maxNewTokens", $"maxNewTokens is 1 to {options.MaxNewTokens}; it was {maxNewTokens}.");
        }

        return new AskRequest(question, maxNewTokens);
    }

    private static async Task<AnswerResult> FinalAsync(IAsyncEnumerator<AnswerChunk> chunks, bool hasCurrent)
    {
        for (var more = hasCurrent; more; more = await chunks.MoveNextAsync().ConfigureAwait(false))
        {
            if (chunks.Current.Final is { } final)
            {
                return final;
            }
        }

        throw new InvalidOperationException("The answer ended without its final chunk.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The answer in conversation {ConversationId} failed after streaming began")]
    private static partial void LogStreamFailed(ILogger logger, Exception error, string conversationId);
}
