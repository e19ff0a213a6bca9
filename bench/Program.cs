using System.CommandLine;
using SparseVila.Bench.Machine;

// The benchmark command: each subcommand runs its side-by-side comparison in one process and writes
// JSON (--json FILE) plus a Markdown table on stdout.
var json = new Option<FileInfo?>("--json") { Description = "Write the results as JSON to this file." };

var machine = new Command("machine", "This machine's fp32 matmul throughput and memory bandwidth under libtorch: the peaks other benchmarks are measured against.")
{
    json,
};
machine.SetAction(parse => MachineBenchmark.Run(parse.GetValue(json)));

var root = new RootCommand("SparseVila benchmarks.") { machine };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
