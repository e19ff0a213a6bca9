using System.CommandLine;
using SparseVila.Bench.EngineThroughput;
using SparseVila.Bench.Machine;

// The benchmark command: each subcommand runs its side-by-side comparison in one process and writes
// JSON (--json FILE) plus a Markdown table on stdout.
var json = new Option<FileInfo?>("--json") { Description = "Write the results as JSON to this file." };

var machine = new Command("machine", "This machine's fp32 matmul throughput and memory bandwidth under libtorch: the peaks other benchmarks are measured against.")
{
    json,
};
machine.SetAction(parse => MachineBenchmark.Run(parse.GetValue(json)));

var contexts = new Option<int[]>("--contexts")
{
    Description = "Context lengths (tokens) at which prefill and decode are measured.",
    DefaultValueFactory = _ => [4096, 16384],
    AllowMultipleArgumentsPerToken = true,
};
var engine = new Command("engine", "Vision-encoder frames/s, LLM prefill and decode tokens/s at long contexts, against this machine's peaks.")
{
    json,
    contexts,
};
engine.SetAction(parse => EngineBenchmark.Run(parse.GetValue(json), parse.GetValue(contexts) ?? []));

var root = new RootCommand("SparseVila benchmarks.") { machine, engine };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
