using System.CommandLine;
using SparseVila.Training.Demo;
using SparseVila.Training.Generation;

// The training tool: `generate` writes shapes-task videos and conversations (docs/shapes-task.md);
// `train` trains the embedded default model on them.
var root = new RootCommand("SparseVila training data and tools.") { GenerateCommand.Create(), TrainCommand.Create() };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
