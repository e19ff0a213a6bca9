using SparseVila.Cli.Http;
using SparseVila.Cli.Output;

namespace SparseVila.Cli.Commands;

/// <summary>What a running command uses: the Gateway's API and the console.</summary>
public sealed record CliSession(ApiClient Api, CliConsole Console);
