using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SparseVila.Testing;

namespace SparseVila.Cli.Tests.Gateway;

/// <summary>
/// The real Gateway with its in-process silo on free loopback ports, private data and scratch folders, and
/// <see cref="Settings"/> on top of appsettings.json (the model folder, API keys).
/// </summary>
public sealed class CliGatewayFactory : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sparsevila-cli-gateway-");

    public IDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var ports = Loopback.FreePorts(2);
        builder.UseSetting("Orleans:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Storage:FileSystem:RootPath", Path.Combine(_scratch.FullName, "data"));
        builder.UseSetting("Gateway:ScratchPath", Path.Combine(_scratch.FullName, "scratch"));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _scratch.Exists)
        {
            _scratch.Delete(recursive: true);
        }
    }

}
