using SparseVila.Gateway.ApiReference;
using SparseVila.Gateway.Hosting;
using SparseVila.Gateway.OpenApi;
using SparseVila.Gateway.WebPage;
using SparseVila.Silo.Health;
using SparseVila.Silo.Hosting;

// The single-machine default: the HTTP API with an Orleans silo hosted in the same process.
var builder = WebApplication.CreateBuilder(args);
builder.AddSparseVilaSilo();
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
