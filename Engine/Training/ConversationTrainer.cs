using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SparseVila.Engine.Training;

/// <summary>
/// Trains a <see cref="LlavaModel"/> on whole conversations laid out exactly as inference lays them
/// out (system prompt, user-turn opening, per frame "{t}s:" + visual tokens + newline, then each
/// question and answer in the chat template); the loss is the cross-entropy of the answer tokens and
/// of the end-of-turn token after each answer.
/// </summary>
public sealed class ConversationTrainer : IDisposable
{
    private const long IgnoredLabel = -100;
    private readonly LlavaModel _model;
    private readonly ITextTokenizer _tokenizer;
    private readonly ChatTemplate _template;
    private readonly VideoPromptFormat _format;
    private readonly TrainingOptions _options;
    private readonly OptimizerHelper _optimizer;
    private readonly Random _random;
    private readonly int _endOfTurnId;
    private int _accumulated;

    public ConversationTrainer(LlavaModel model, ITextTokenizer tokenizer, ChatTemplate template, VideoPromptFormat format, TrainingOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(template);
        (_model, _tokenizer, _template, _format, _options) = (model, tokenizer, template, format, options ?? throw new ArgumentNullException(nameof(options)));
        _random = new Random(seed);
        _endOfTurnId = tokenizer.Encode(template.RenderAssistantTurnEnd())[0];
        _optimizer = optim.AdamW(model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
    }

    /// <summary>Optimiser steps taken.</summary>
    public int Steps { get; private set; }

    /// <summary>The learning rate at optimiser step <paramref name="step"/>: linear warm-up, then cosine decay to a tenth.</summary>
    public double LearningRateAt(int step)
    {
        if (step < _options.WarmupSteps)
        {
            return _options.LearningRate * (step + 1) / _options.WarmupSteps;
        }

        var progress = Math.Min(1.0, (step - _options.WarmupSteps) / (double)Math.Max(1, _options.TotalSteps - _options.WarmupSteps));
        return _options.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }

    /// <summary>Adds one conversation's gradients; steps the optimiser every <see cref="TrainingOptions.ConversationsPerStep"/>. Returns the loss.</summary>
    public double Train(TrainingConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _model.train();
        using var grad = enable_grad();  // grad mode is per thread; never rely on the caller's
        using var scope = NewDisposeScope();
        var (embeddings, labels) = Layout(conversation, augment: true);
        var logits = _model.LanguageModel.Forward(new DecoderInput(embeddings, [new CausalSequenceAttention(_model.Config.Text.NumKeyValueHeads)], Logits: LogitsSelection.AllTokens)); // (1, T, V)
        var loss = nn.functional.cross_entropy(logits[0], labels, ignore_index: IgnoredLabel);
        (loss / _options.ConversationsPerStep).backward();
        if (++_accumulated == _options.ConversationsPerStep)
        {
            nn.utils.clip_grad_norm_(_model.parameters(), _options.MaxGradientNorm);
            foreach (var group in _optimizer.ParamGroups)
            {
                group.LearningRate = LearningRateAt(Steps);
            }

            _optimizer.step();
            _optimizer.zero_grad();
            _accumulated = 0;
            Steps++;
        }

        return loss.item<float>();
    }

    /// <summary>The answer-token loss of a conversation without training (model in eval mode, no augmentation).</summary>
    public double Loss(TrainingConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _model.eval();
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var (embeddings, labels) = Layout(conversation, augment: false);
        var logits = _model.LanguageModel.Forward(new DecoderInput(embeddings, [new CausalSequenceAttention(_model.Config.Text.NumKeyValueHeads)], Logits: LogitsSelection.AllTokens));
        return nn.functional.cross_entropy(logits[0], labels, ignore_index: IgnoredLabel).item<float>();
    }

    /// <summary>(1, T, D) input embeddings and (T,) next-token labels, −100 where nothing is learned.</summary>
    private (Tensor Embeddings, Tensor Labels) Layout(TrainingConversation conversation, bool augment)
    {
        var pieces = new List<Tensor>();
        var ids = new List<long>();                                                                // every position's id (image token for visual)
        var learned = new List<bool>();                                                            // whether the position's id is a target
        void Text(string text, bool target)
        {
            var tokens = _tokenizer.Encode(text);
            if (tokens.Count == 0)
            {
                return;
            }

            pieces.Add(_model.EmbedTokens(tensor(tokens.Select(t => (long)t).ToArray()).unsqueeze(0)));
            ids.AddRange(tokens.Select(t => (long)t));
            learned.AddRange(Enumerable.Repeat(target, tokens.Count));
        }

        var opening = new ChatPromptBuilder(_template, _format).System(_options.SystemPrompt).Build().OfType<TextSegment>().Select(s => s.Text);
        Text(string.Concat(opening) + _template.RenderUserTurnStart(), false);
        foreach (var (frame, visual) in VisualTokens(conversation.Pixels, augment).Select((v, i) => (i, v)))
        {
            Text(_format.Marker(conversation.TimestampsSeconds[frame]), false);
            pieces.Add(visual.unsqueeze(0));                                                       // (1, k, D)
            ids.AddRange(Enumerable.Repeat((long)_model.Config.ImageTokenId, (int)visual.shape[0]));
            learned.AddRange(Enumerable.Repeat(false, (int)visual.shape[0]));
            Text(_format.FrameSeparator, false);
        }

        for (var turn = 0; turn < conversation.Turns.Count; turn++)
        {
            var (question, answer) = conversation.Turns[turn];
            var prefix = turn == 0 ? string.Empty : _template.RenderAssistantTurnEnd() + _template.RenderUserTurnStart();
            Text(prefix + question + _template.RenderUserTurnEnd(), false);
            Text(answer, true);
            // The end-of-turn token after the answer is learned too: it is how the model stops.
            pieces.Add(_model.EmbedTokens(tensor(new long[] { _endOfTurnId }).unsqueeze(0)));
            ids.Add(_endOfTurnId);
            learned.Add(true);
        }

        var embeddings = cat(pieces, 1);                                                           // (1, T, D)
        var labels = new long[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            // Position i predicts token i + 1.
            labels[i] = i + 1 < ids.Count && learned[i + 1] ? ids[i + 1] : IgnoredLabel;
        }

        return (embeddings, tensor(labels));
    }

    /// <summary>Per frame, the visual token embeddings (k, D): all of them, or (augmenting) those kept by salience pruning.</summary>
    private IEnumerable<Tensor> VisualTokens(Tensor pixels, bool augment)
    {
        if (!augment || _random.NextDouble() >= _options.PruneAugmentFraction)
        {
            var all = _model.EncodeFrames(pixels);                                                 // (N, Nv, D)
            return Enumerable.Range(0, (int)all.shape[0]).Select(i => all[i]);
        }

        var (features, salience) = _model.EncodeFramesWithSalience(pixels);                        // (N, Nv, Dv), (N, Nv)
        var keep = _options.AugmentKeepRatios[_random.Next(_options.AugmentKeepRatios.Count)];
        var kept = TokenPruner.Select(salience.detach(), keep, new VisualContextOptions().FrameFloorRatio);
        return kept.Select((indices, i) => _model.Project(features[i].index_select(0, tensor(indices))));
    }

    public void Dispose() => _optimizer.Dispose();
}
