using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SparseVila.Testing;

namespace SparseVila.Browser.Tests;

/// <summary>
/// The real Gateway on a loopback port (Kestrel, not the in-memory test server: a browser has to reach it) with its
/// in-process silo on free ports, data and scratch folders of its own under the given folder, the checkpoint in
/// the given model folder, and one API key, so the page's key box and cookie are part of what is tested.
/// </summary>
public sealed class BrowserGateway : WebApplicationFactory<Program>
{
    /// <summary>The only key the Gateway accepts (tenant <c>browser</c>; keys have at least 16 characters).</summary>
    public const string ApiKey = "browser-test-api-key";

    private readonly string _folder;
    private readonly string _modelFolder;

    public BrowserGateway(string folder, string modelFolder)
    {
        (_folder, _modelFolder) = (folder, modelFolder);
        UseKestrel(0);
    }

    /// <summary>Starts the server (once) and returns where it listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var ports = Loopback.FreePorts(2);
        builder.UseSetting("Orleans:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Storage:FileSystem:RootPath", Path.Combine(_folder, "data"));
        builder.UseSetting("Gateway:ScratchPath", Path.Combine(_folder, "scratch"));
        builder.UseSetting("Inference:ModelFolder", _modelFolder);
        builder.UseSetting($"Auth:ApiKeys:{ApiKey}", "browser");
        // Short answers keep the test quick; the page asks with the default length.
        builder.UseSetting("Gateway:MaxNewTokens", "12");
    }
}
