using SparseVila.Silo.Health;
using SparseVila.Silo.Hosting;

namespace SparseVila.Silo;

/// <summary>The headless silo host (GPU silos in a cluster): Orleans plus health endpoints, no API.</summary>
public static class Program
{
    /// <summary>Runs the silo until it is stopped.</summary>
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddSparseVilaSilo();

        var app = builder.Build();
        app.MapSparseVilaHealth();
        app.Run();
    }
}
