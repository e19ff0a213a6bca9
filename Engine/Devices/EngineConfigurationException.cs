namespace SparseVila.Engine.Devices;

/// <summary>A configuration value the engine cannot honour. The message names the setting.</summary>
public sealed class EngineConfigurationException : Exception
{
    /// <summary>Creates the exception for <paramref name="setting"/>, e.g. <c>Engine:Device</c>.</summary>
    public EngineConfigurationException(string setting, string message)
        : base($"{setting}: {message}") => Setting = setting;

    /// <summary>The configuration key at fault, e.g. <c>Engine:Device</c>.</summary>
    public string Setting { get; }
}
