using System.CommandLine;
using SparseVila.Training.Generation;

// The training tool: `generate` writes shapes-task videos and conversations (docs/shapes-task.md).
var root = new RootCommand("SparseVila training data and tools.") { GenerateCommand.Create() };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
