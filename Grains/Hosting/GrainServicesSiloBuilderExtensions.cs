using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SparseVila.Engine.Generation;
using SparseVila.Grains.Contexts;
using SparseVila.Grains.Inference;
using SparseVila.Grains.Placement;
using SparseVila.Grains.Videos;
using SparseVila.Grains.VisualCache;

namespace SparseVila.Grains.Hosting;

/// <summary>Registers what the video and conversation grains run on.</summary>
public static class GrainServicesSiloBuilderExtensions
{
    /// <summary>
    /// The engine-side services of a silo, from <paramref name="configuration"/>'s <c>Inference</c> and <c>VisualCache</c>
    /// sections (validated at start): the compute lane, the inference scheduler, the model host (loads on first use, so web silos never do),
    /// the shared visual-context cache, the visual cache store, the indexing pipeline, and gpu-only placement. The silo's
    /// <see cref="SiloRoleOptions"/> and an <c>IBlobStore</c> must be registered too.
    /// </summary>
    public static ISiloBuilder AddSparseVilaGrainServices(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = silo.Services;
        services.AddMetrics();
        services.AddOptions<InferenceOptions>().Bind(configuration.GetSection(InferenceOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.AddOptions<VisualCacheStoreOptions>().Bind(configuration.GetSection(VisualCacheStoreOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VisualCacheStoreOptions>, VisualCacheStoreOptionsValidator>());
        services.TryAddSingleton<ComputeLane>();
        services.TryAddSingleton<InferenceScheduler>();
        services.TryAddSingleton<ModelHost>();
        services.TryAddSingleton<VisualContextCache>();
        services.TryAddSingleton<VisualCacheStore>();
        services.TryAddSingleton<VideoIndexingPipeline>();
        silo.AddPlacementDirector<GpuPlacementStrategy, GpuPlacementDirector>();
        return silo;
    }
}
