using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SparseVila.Bench.Accuracy;
using SparseVila.Bench.Machine;
using SparseVila.Bench.Reporting;
using SparseVila.Contracts;
using SparseVila.Engine.Model.Layers;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Storage;
using SparseVila.Grains.Storage;
using SparseVila.Grains.VisualCache;
using SparseVila.Testing;
using static TorchSharp.torch;

namespace SparseVila.Bench.KvStorage;

/// <summary>
/// The visual KV storage side by side: bytes per visual token and round-trip error of each codec, and write and rehydrate
/// rates of each codec through each store (the local filesystem, and Azure Blob Storage as Azurite on loopback).
/// </summary>
public static class KvBenchmark
{
    private const double Int4TargetRatio = 0.3;
    private static readonly KvCodec[] Codecs = [KvCodec.Fp16, KvCodec.Int8, KvCodec.Int4];
    private static readonly string Model = "sha256:" + new string('0', 64);

    /// <summary>Runs the benchmark, prints the tables and writes JSON when asked.</summary>
    public static async Task<int> Run(FileInfo? json, KvBenchmarkSettings settings, string model, int accuracyConversations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        using var context = KvBenchmarkContext.Create(settings, seed: 1);
        var visualTokens = context.VisualPositions.Count;
        Console.WriteLine($"Context: {context.LengthTokens:N0} positions ({visualTokens:N0} visual) × {settings.Layers} layers × {settings.KvHeads} KV heads × {settings.HeadDim}.");

        var codecs = Codecs.Select(codec => MeasureCodec(context, codec, settings)).ToList();
        var fp16Bytes = (double)codecs[0].StoredBytes;
        var ratios = codecs.Skip(1).ToDictionary(c => $"{c.Codec}_vs_fp16_bytes", c => c.StoredBytes / fp16Bytes);

        var loads = new Dictionary<string, double?>();
        var stores = new List<KvStoreResult>();
        var folder = Directory.CreateTempSubdirectory("sparsevila-bench-kv-");
        try
        {
            loads["filesystem"] = LoadAverage.OneMinute();
            stores.AddRange(await MeasureStoreAsync("filesystem", new FileSystemBlobStore(folder.FullName), context, settings, cancellationToken).ConfigureAwait(false));
            Console.WriteLine("Starting Azurite…");
            await using var azurite = await AzuriteProcess.StartAsync().ConfigureAwait(false);
            loads["azure-blob"] = LoadAverage.OneMinute();
            var azure = new AzureBlobStore(new Azure.Storage.Blobs.BlobContainerClient(azurite.ConnectionString, "bench-kv"));
            stores.AddRange(await MeasureStoreAsync("azure-blob", azure, context, settings, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        var targets = new Dictionary<string, bool> { ["int4_at_most_0.3x_fp16_bytes"] = ratios["int4_vs_fp16_bytes"] <= Int4TargetRatio };
        AccuracyReport? accuracy = null;
        if (accuracyConversations > 0)
        {
            Console.WriteLine("Accuracy of SparseVILA with each codec…");
            accuracy = await AccuracyBenchmark.MeasureAsync(model, AccuracyBenchmark.CodecMethods(), accuracyConversations, cancellationToken).ConfigureAwait(false);
            foreach (var (keep, retrieval) in AccuracyBenchmark.Budgets)
            {
                var fp16 = accuracy.Overall[AccuracyMethod.SparseVila(keep, retrieval, KvCodec.Fp16).Name];
                targets[$"k{keep}-r{retrieval}_int8_within_1_point_of_fp16"] = (fp16 - accuracy.Overall[AccuracyMethod.SparseVila(keep, retrieval, KvCodec.Int8).Name]) * 100 <= 1;
                targets[$"k{keep}-r{retrieval}_int4_within_3_points_of_fp16"] = (fp16 - accuracy.Overall[AccuracyMethod.SparseVila(keep, retrieval, KvCodec.Int4).Name]) * 100 <= 3;
            }
        }

        var report = new KvReport(settings, context.LengthTokens, visualTokens, codecs, ratios, stores, targets, accuracy, loads);
        Print(report);
        await JsonReport.WriteAsync(json, report).ConfigureAwait(false);
        return 0;
    }

    private static KvCodecResult MeasureCodec(VisualContext context, KvCodec codec, KvBenchmarkSettings settings)
    {
        var options = new KvCodecOptions(codec);
        var ranges = VisualContextSegments.ByFrames(context.Tokens, settings.FramesPerSegment);
        var stored = 0L;
        var (keyError, valueError) = (new ErrorSums(), new ErrorSums());
        var (encode, decode) = (TimeSpan.Zero, TimeSpan.Zero);
        foreach (var range in ranges)
        {
            using var stream = new MemoryStream();
            var clock = Stopwatch.StartNew();
            stored += KvSegmentWriter.Write(stream, context, range, options).LengthBytes;
            encode += clock.Elapsed;
            stream.Position = 0;
            clock.Restart();
            using var segment = KvSegmentReader.Read(stream, "bench.kv");
            decode += clock.Elapsed;
            for (var layer = 0; layer < context.Layers; layer++)
            {
                using var scope = NewDisposeScope();
                keyError.Add(context.Keys(layer).narrow(2, range.FirstToken, range.Tokens), segment.Keys(layer));
                valueError.Add(context.Values(layer).narrow(2, range.FirstToken, range.Tokens), segment.Values(layer));
            }
        }

        return new KvCodecResult(Name(codec), stored, stored / (double)context.VisualPositions.Count, stored / 1e6 / encode.TotalSeconds, stored / 1e6 / decode.TotalSeconds,
            keyError.MaxAbs, keyError.Relative, valueError.MaxAbs, valueError.Relative);
    }

    private static async Task<IReadOnlyList<KvStoreResult>> MeasureStoreAsync(
        string storeName, IBlobStore blobs, VisualContext context, KvBenchmarkSettings settings, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Writing and rehydrating through {storeName}…");
        var options = Options.Create(new VisualCacheStoreOptions { FramesPerSegment = settings.FramesPerSegment });
        var store = new VisualCacheStore(blobs, options, NullLogger<VisualCacheStore>.Instance);
        var results = new List<KvStoreResult>();
        foreach (var codec in Codecs)
        {
            var (writes, reads, bytes) = (new List<double>(), new List<double>(), 0L);
            for (var repetition = 0; repetition < settings.Repetitions; repetition++)
            {
                var content = $"sha256:{(int)codec:x2}{repetition:x2}{new string('f', 60)}";
                var location = VisualCacheLocation.For(TenantId.Parse("bench"), content, Model);
                var clock = Stopwatch.StartNew();
                var manifest = await store.WriteAsync(location, context, Model, content, new KvCodecOptions(codec), cancellationToken).ConfigureAwait(false);
                writes.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                using (await store.ReadAsync(location, Model, content, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    reads.Add(clock.Elapsed.TotalMilliseconds);
                }

                bytes = manifest.Segments.Sum(s => s.LengthBytes);
                await store.DeleteAsync(location, cancellationToken).ConfigureAwait(false);
            }

            results.Add(new KvStoreResult(storeName, Name(codec), bytes, bytes / 1e3 / Median(writes), bytes / 1e3 / Median(reads), writes, reads));
        }

        return results;
    }

    private static void Print(KvReport report)
    {
        Console.WriteLine();
        var codecs = new MarkdownTable("codec", "stored bytes", "bytes / visual token", "× fp16", "encode MB/s", "decode MB/s", "keys max abs err", "keys rel err", "values max abs err", "values rel err");
        foreach (var c in report.Codecs)
        {
            var ratio = c.StoredBytes / (double)report.Codecs[0].StoredBytes;
            codecs.Add(c.Codec, $"{c.StoredBytes:N0}", $"{c.BytesPerVisualToken:N0}", $"{ratio:F3}", $"{c.EncodeMegabytesPerSecond:F0}", $"{c.DecodeMegabytesPerSecond:F0}",
                $"{c.KeysMaxAbsError:G3}", $"{c.KeysRelativeError:G3}", $"{c.ValuesMaxAbsError:G3}", $"{c.ValuesRelativeError:G3}");
        }

        Console.Write(codecs);
        Console.WriteLine();
        var stores = new MarkdownTable("store", "codec", "stored MB", "write MB/s", "rehydrate MB/s", "write ms (each)", "rehydrate ms (each)");
        foreach (var s in report.Stores)
        {
            stores.Add(s.Store, s.Codec, $"{s.StoredBytes / 1e6:F1}", $"{s.WriteMegabytesPerSecond:F0}", $"{s.RehydrateMegabytesPerSecond:F0}",
                string.Join(" / ", s.WriteMilliseconds.Select(ms => ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))),
                string.Join(" / ", s.RehydrateMilliseconds.Select(ms => ms.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))));
        }

        Console.Write(stores);
        if (report.Accuracy is { } accuracy)
        {
            AccuracyBenchmark.Print(accuracy with { Targets = new Dictionary<string, bool>() });
        }

        Console.WriteLine();
        foreach (var (target, met) in report.Targets)
        {
            Console.WriteLine($"{target}: {(met ? "met" : "NOT met")}");
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Name(KvCodec codec) => codec.ToString().ToLowerInvariant();

    /// <summary>Running sums of the error between originals and their decodings.</summary>
    private sealed class ErrorSums
    {
        private double _errorSquares;
        private double _originalSquares;

        public double MaxAbs { get; private set; }

        public double Relative => Math.Sqrt(_errorSquares / _originalSquares);

        public void Add(Tensor original, Tensor decoded)
        {
            var error = (decoded - original).abs();                                                      // (1, Hkv, T, Dh)
            MaxAbs = Math.Max(MaxAbs, error.max().item<float>());
            _errorSquares += error.Squared().sum().item<float>();
            _originalSquares += original.Squared().sum().item<float>();
        }
    }
}
