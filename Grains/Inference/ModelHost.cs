using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SparseVila.Engine;
using SparseVila.Engine.Devices;
using SparseVila.Engine.Generation;
using SparseVila.Engine.Model;
using SparseVila.Engine.Storage;

namespace SparseVila.Grains.Inference;

/// <summary>
/// Loads the silo's model once, on first use (web silos never do), on an inference worker; every grain on the silo shares
/// it. A load that fails fails every later use the same way (a bad checkpoint is a deployment error, not a retry).
/// </summary>
public sealed partial class ModelHost : IDisposable
{
    private readonly Lazy<Task<LoadedModel>> _model;
    private readonly ILogger<ModelHost> _logger;

    public ModelHost(
        IOptions<InferenceOptions> options, IOptions<EngineDeviceOptions> device, InferenceScheduler scheduler, ComputeLane lane, ILogger<ModelHost> logger)
    {
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(scheduler);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        var settings = options.Value;
        var folder = settings.ModelFolder.Length > 0 ? settings.ModelFolder : DefaultModel.Folder();
        _model = new Lazy<Task<LoadedModel>>(() => scheduler.RunAsync(() => Load(folder, device.Value, settings.MaxBatchRows, lane)));
    }

    /// <summary>The model, loading it the first time.</summary>
    public Task<LoadedModel> GetAsync() => _model.Value;

    public void Dispose()
    {
        if (_model.IsValueCreated && _model.Value.IsCompletedSuccessfully)
        {
            _model.Value.Result.Dispose();
        }
    }

    private LoadedModel Load(string folder, EngineDeviceOptions device, int maxBatchRows, ComputeLane lane)
    {
        var clock = Stopwatch.StartNew();
        ComputeDevice.ApplyCpuThreads(device);
        var vlm = VideoLanguageModel.Load(folder, ModelLoadOptions.For(ComputeDevice.Resolve(device)));
        var fingerprint = ModelFingerprint.Compute(folder);
        var batcher = new DecodeBatcher(vlm.Model.LanguageModel, vlm.Tokenizer, new DecodeBatcherOptions { MaxBatchRows = maxBatchRows }, lane);
        LogLoaded(folder, fingerprint, clock.Elapsed.TotalMilliseconds);
        return new LoadedModel(vlm, fingerprint, batcher);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Folder} ({Fingerprint}) in {ElapsedMilliseconds:F0} ms")]
    private partial void LogLoaded(string folder, string fingerprint, double elapsedMilliseconds);
}
