namespace SparseVila.Gateway.OpenApi;

/// <summary>The OpenAPI document served at <c>/openapi/v1.json</c>.</summary>
public static class OpenApiRegistration
{
    /// <summary>Adds the document with the service's title and description.</summary>
    public static IServiceCollection AddSparseVilaOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SparseVila API";
            document.Info.Description =
                "Video question answering: upload videos, let the service index them, then ask questions in multi-turn conversations.";
            return Task.CompletedTask;
        }));
}
