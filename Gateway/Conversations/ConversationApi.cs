using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SparseVila.Contracts;
using SparseVila.Contracts.Conversations;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.Problems;
using SparseVila.Gateway.ServerSentEvents;
using SparseVila.Gateway.Tenancy;
using SparseVila.Grains.Placement;

namespace SparseVila.Gateway.Conversations;

/// <summary>The conversations API (docs/api.md): start one over indexed videos, read its history, ask.</summary>
public static class ConversationApi
{
    /// <summary>The most videos a conversation may be about (the conversation grain's limit).</summary>
    public const int MaxVideos = Grains.Conversations.ConversationGrain.MaxVideos;

    public static RouteGroupBuilder MapConversationApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var conversations = api.MapGroup("/conversations").WithTags("Conversations");
        conversations.MapPost("/", StartAsync).WithName("StartConversation").WithSummary("Start a conversation over 1 to 8 indexed videos.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        conversations.MapGet("/{id}", GetAsync).WithName("GetConversation").WithSummary("A conversation and its turns.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        conversations.MapPost("/{id}/messages", AskMessage.AskAsync).WithName("Ask")
            .WithSummary("Ask a question: JSON answer, or with Accept: text/event-stream the events token, evidence, done.")
            .Produces<AnswerResponse>().Produces(StatusCodes.Status200OK, contentType: ServerSentEventWriter.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }

    private static async Task<Created<ConversationCreatedResponse>> StartAsync(StartConversationRequest? body, ClaimsPrincipal user, IGrainFactory grains)
    {
        var tenant = user.Tenant();
        var videoIds = body?.VideoIds;
        if (videoIds is null || videoIds.Count is 0 or > MaxVideos || videoIds.Distinct(StringComparer.Ordinal).Count() != videoIds.Count)
        {
            throw ApiProblemException.BadRequest("Bad videoIds", $"videoIds names 1 to {MaxVideos} different videos.");
        }

        // Every id must be one of the tenant's videos: an invalid or unknown one is a 404, the first one found.
        foreach (var videoId in videoIds)
        {
            _ = grains.Video(tenant, videoId);
        }

        var id = GrainKeys.NewId();
        // The conversation is placed beside its first video's visual context.
        PlacementAffinity.Set(GrainKeys.For(tenant, videoIds[0]));
        try
        {
            var info = await grains.Conversation(tenant, id).StartAsync(videoIds).ConfigureAwait(false);
            return TypedResults.Created($"/api/conversations/{id}", new ConversationCreatedResponse(info.Id, info.VideoIds));
        }
        finally
        {
            PlacementAffinity.Clear();
        }
    }

    private static async Task<Ok<ConversationResponse>> GetAsync(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var info = await grains.Conversation(user.Tenant(), id).GetInfoAsync().ConfigureAwait(false)
            ?? throw ApiProblemException.NotFound("conversation", id);
        return TypedResults.Ok(ConversationResponse.From(info));
    }
}
