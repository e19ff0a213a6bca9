using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SparseVila.Testing;

namespace SparseVila.Gateway.Tests;

/// <summary>
/// The Gateway with its in-process silo on free loopback ports and a private data and scratch folder, so tests can run
/// beside each other and beside a running service. Extra settings (API keys, limits, a model folder) go in <see cref="Settings"/>.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sparsevila-gateway-");

    /// <summary>The data folder the Gateway is configured with; defaults to a fresh folder.</summary>
    public string DataPath { get; init; } = string.Empty;

    /// <summary>Configuration keys and values set on top of appsettings.json.</summary>
    public IDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The data folder in effect.</summary>
    public string EffectiveDataPath => DataPath.Length > 0 ? DataPath : Path.Combine(_scratch.FullName, "data");

    /// <summary>The Gateway's scratch folder (spooled uploads, local video copies).</summary>
    public string ScratchPath => Path.Combine(_scratch.FullName, "scratch");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var ports = Loopback.FreePorts(2);
        builder.UseSetting("Orleans:SiloPort", ports[0].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", ports[1].ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Storage:FileSystem:RootPath", EffectiveDataPath);
        builder.UseSetting("Gateway:ScratchPath", ScratchPath);
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
