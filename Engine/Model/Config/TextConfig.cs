namespace SparseVila.Engine.Model.Config;

/// <summary>The decoder LLM of a LLaVA checkpoint (<c>text_config</c>): Llama or Qwen2.</summary>
public sealed record TextConfig
{
    public required string ModelType { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int IntermediateSize { get; init; }
    public required int NumHiddenLayers { get; init; }
    public required int NumAttentionHeads { get; init; }
    public required int NumKeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required double RmsNormEps { get; init; }
    public required double RopeTheta { get; init; }
    public required int MaxPositionEmbeddings { get; init; }

    /// <summary>Biases on q/k/v projections (always for Qwen2; <c>attention_bias</c> for Llama).</summary>
    public required bool QkvBias { get; init; }

    /// <summary>Bias on the output projection (<c>attention_bias</c> for Llama; never for Qwen2).</summary>
    public required bool OutputBias { get; init; }

    /// <summary>Bias on the MLP projections (<c>mlp_bias</c> for Llama).</summary>
    public required bool MlpBias { get; init; }

    /// <summary>The LM head shares the token embedding matrix.</summary>
    public required bool TieWordEmbeddings { get; init; }

    /// <summary>Query heads per key/value head (grouped-query attention).</summary>
    public int QueryGroups => NumAttentionHeads / NumKeyValueHeads;

    internal static TextConfig Parse(JsonFields json, bool tieFallback)
    {
        var modelType = json.Choice("model_type", null, "llama", "qwen2");
        var hidden = json.PositiveInt("hidden_size");
        var heads = json.PositiveInt("num_attention_heads");
        var kvHeads = json.PositiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0)
        {
            throw json.Error("num_key_value_heads", $"{kvHeads} does not divide num_attention_heads {heads}.");
        }

        if (!json.Has("head_dim") && hidden % heads != 0)
        {
            throw json.Error("hidden_size", $"{hidden} is not divisible by num_attention_heads {heads} and no head_dim is given.");
        }

        var headDim = json.PositiveInt("head_dim", hidden / heads);
        if (headDim % 2 != 0)
        {
            throw json.Error("head_dim", $"{headDim} must be even for rotary embeddings.");
        }

        json.Choice("hidden_act", "silu", "silu");
        if (json.Raw("rope_scaling") is { } scaling)
        {
            var type = scaling.TryGetProperty("rope_type", out var t) || scaling.TryGetProperty("type", out t) ? t.GetString() : null;
            if (type != "default")
            {
                throw json.Error("rope_scaling", $"rope scaling '{type}' is not implemented; only plain RoPE (rope_scaling null or 'default').");
            }
        }

        if (json.Bool("use_sliding_window", false))
        {
            throw json.Error("use_sliding_window", "sliding-window attention is not implemented.");
        }

        var qwen = modelType == "qwen2";
        var attentionBias = json.Bool("attention_bias", false);
        return new TextConfig
        {
            ModelType = modelType,
            VocabSize = json.PositiveInt("vocab_size"),
            HiddenSize = hidden,
            IntermediateSize = json.PositiveInt("intermediate_size"),
            NumHiddenLayers = json.PositiveInt("num_hidden_layers"),
            NumAttentionHeads = heads,
            NumKeyValueHeads = kvHeads,
            HeadDim = headDim,
            RmsNormEps = json.Double("rms_norm_eps", 1e-6),
            RopeTheta = json.Double("rope_theta", 10000.0),
            MaxPositionEmbeddings = json.PositiveInt("max_position_embeddings", 32768),
            QkvBias = qwen || attentionBias,
            OutputBias = !qwen && attentionBias,
            MlpBias = !qwen && json.Bool("mlp_bias", false),
            TieWordEmbeddings = json.Bool("tie_word_embeddings", tieFallback),
        };
    }
}
