using System.CommandLine;
using SparseVila.Bench.Accuracy;
using SparseVila.Bench.Concurrency;
using SparseVila.Bench.EngineThroughput;
using SparseVila.Bench.KvStorage;
using SparseVila.Bench.Machine;
using SparseVila.Bench.Sparsity;

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

var videoSeconds = new Option<int>("--video-seconds")
{
    Description = "Length of the generated video (1 frame/s, 196 visual tokens a frame).",
    DefaultValueFactory = _ => 84,
};
var keep = new Option<double>("--keep") { Description = "SparseVILA's query-agnostic keep ratio K.", DefaultValueFactory = _ => 0.25 };
var retrieval = new Option<double>("--retrieval") { Description = "SparseVILA's query-aware retrieval ratio R.", DefaultValueFactory = _ => 0.1 };
var sparsity = new Command("sparsity", "Dense, SparseVILA, prefill-only pruning and FastV side by side over one long video, three turns each.")
{
    json,
    videoSeconds,
    keep,
    retrieval,
};
sparsity.SetAction((parse, cancellationToken) => SparsityBenchmark.Run(parse.GetValue(json), new SparsitySettings
{
    VideoSeconds = parse.GetValue(videoSeconds),
    KeepRatio = parse.GetValue(keep),
    RetrievalRatio = parse.GetValue(retrieval),
}, cancellationToken));


var model = new Option<string>("--model") { Description = "The checkpoint folder to evaluate.", DefaultValueFactory = _ => SparseVila.Engine.DefaultModel.Folder() };
var conversations = new Option<int>("--conversations") { Description = "Held-out conversations (one generated video and 4 questions each).", DefaultValueFactory = _ => 200 };
var accuracy = new Command("accuracy", "Multi-turn exact-match accuracy on held-out shapes videos: dense, SparseVILA at two budgets, prefill-only and FastV at the same budgets.")
{
    json,
    model,
    conversations,
};
accuracy.SetAction((parse, cancellationToken) => AccuracyBenchmark.Run(parse.GetValue(json), parse.GetValue(model)!, parse.GetValue(conversations), cancellationToken));

var frames = new Option<int>("--frames") { Description = "Frames of the stored context (98 visual tokens each).", DefaultValueFactory = _ => 32 };
var accuracyConversations = new Option<int>("--accuracy-conversations")
{
    Description = "Held-out conversations for the accuracy rows with each codec (0 skips them).",
    DefaultValueFactory = _ => 200,
};
var kv = new Command("kv", "Visual KV storage: bytes per visual token and error of each codec; write and rehydrate MB/s through each store; accuracy with each codec.")
{
    json,
    frames,
    model,
    accuracyConversations,
};
kv.SetAction((parse, cancellationToken) => KvBenchmark.Run(
    parse.GetValue(json), new KvBenchmarkSettings { Frames = parse.GetValue(frames) }, parse.GetValue(model)!, parse.GetValue(accuracyConversations), cancellationToken));

var levels = new Option<int[]>("--levels")
{
    Description = "How many conversations ask at once, level after level; the first must be 1 (the ratios' baseline).",
    DefaultValueFactory = _ => [1, 4, 8],
    AllowMultipleArgumentsPerToken = true,
};
var maxNewTokens = new Option<int>("--max-new-tokens") { Description = "Tokens each answer is decoded to.", DefaultValueFactory = _ => 32 };
var concurrency = new Command("concurrency", "Aggregate answer tokens/s of 1, 4 and 8 conversations asking at once on one silo (decode steps batched).")
{
    json,
    levels,
    maxNewTokens,
};
concurrency.SetAction((parse, cancellationToken) => ConcurrencyBenchmark.Run(parse.GetValue(json), new ConcurrencySettings
{
    Levels = parse.GetValue(levels) ?? [],
    MaxNewTokens = parse.GetValue(maxNewTokens),
}, cancellationToken));

var users = new Option<int>("--users") { Description = "Users asking at once.", DefaultValueFactory = _ => 16 };
var seconds = new Option<int>("--seconds") { Description = "How long users keep asking.", DefaultValueFactory = _ => 60 };
var gpuSilos = new Option<int>("--gpu-silos") { Description = "Gpu-role silo processes.", DefaultValueFactory = _ => 2 };
var load = new Command("load", "N users asking over two videos through the HTTP API of a local cluster of processes: TTFT and answer latency, tokens/s, errors, silo memory.")
{
    json,
    users,
    seconds,
    gpuSilos,
};
load.SetAction((parse, cancellationToken) => SparseVila.Bench.Load.LoadBenchmark.Run(parse.GetValue(json), new SparseVila.Bench.Load.LoadSettings
{
    Users = parse.GetValue(users),
    DurationSeconds = parse.GetValue(seconds),
    GpuSilos = parse.GetValue(gpuSilos),
}, cancellationToken));

var root = new RootCommand("SparseVila benchmarks.") { machine, engine, sparsity, kv, accuracy, concurrency, load };
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
