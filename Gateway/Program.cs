using SparseVila.Gateway.ApiReference;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.OpenApi;
using SparseVila.Gateway.WebPage;
using SparseVila.Silo.Health;

// The HTTP API, with an Orleans silo in the same process (the single-machine default) or as a client of a cluster.
var builder = WebApplication.CreateBuilder(args);
builder.AddSparseVilaBackend();
builder.Services.AddSparseVilaGateway(builder.Configuration);
builder.Services.AddSparseVilaOpenApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSparseVilaWebPage();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi();
app.MapSparseVilaApiReference();
app.MapSparseVilaHealth();
app.MapSparseVilaApi();
app.Run();

/// <summary>The Gateway's entry point, public so functional tests can host it.</summary>
public partial class Program;
