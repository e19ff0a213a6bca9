namespace SparseVila.Gateway.Tests.Api;

/// <summary>A test with a Gateway of its own (a fresh data folder: what it stores, it alone stored) and a client of it.</summary>
public abstract class FreshGatewayTest(TestAssets assets, IDictionary<string, string>? settings = null) : IAsyncLifetime
{
    protected TestAssets Assets { get; } = assets;

    protected GatewayFactory Gateway { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Gateway = Assets.CreateGateway(settings);
        Client = Gateway.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Gateway.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
