using SparseVila.Engine.Model;
using SparseVila.Engine.Model.Text;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Sparse;
using SparseVila.Engine.Tokenization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using SparseVila.Engine.Model.Layers;

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
    private readonly Linear[] _probes;
    private readonly Tensor?[] _probeClassWeights;                                                   // (classes) per probe, null: all 1
    private readonly Linear? _readout;
    private readonly Linear? _timeReadout;
    private readonly Linear? _answerReadout;
    private readonly List<Parameter> _trained;
    private int _accumulated;

    public ConversationTrainer(LlavaModel model, ITextTokenizer tokenizer, ChatTemplate template, VideoPromptFormat format, TrainingOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        (_model, _tokenizer, _template, _format, _options) = (model, tokenizer, template, format, options.Validated());
        var text = model.Config.Text;
        if (options.EvidenceAttention is { } evidence && (evidence.Layer >= text.NumHiddenLayers || evidence.Heads > text.NumAttentionHeads))
        {
            throw new ArgumentOutOfRangeException(nameof(options), evidence, $"The evidence attention needs a layer below the model's {text.NumHiddenLayers} and at most its {text.NumAttentionHeads} heads.");
        }

        void MustFit(object? supervision, int layer, int heads, string what)
        {
            if (supervision is not null && (layer >= text.NumHiddenLayers || heads > text.NumAttentionHeads))
            {
                throw new ArgumentOutOfRangeException(nameof(options), supervision, $"The {what} needs a layer below the model's {text.NumHiddenLayers} and at most its {text.NumAttentionHeads} heads.");
            }
        }

        MustFit(options.FrameBinding, options.FrameBinding?.Layer ?? 0, options.FrameBinding?.Heads ?? 0, "frame binding");
        MustFit(options.SeenBefore, options.SeenBefore?.Layer ?? 0, options.SeenBefore?.Heads ?? 0, "seen-before attention");

        _random = new Random(seed);
        _probes = [.. options.PatchProbes.Select(probe => nn.Linear(model.Config.Text.HiddenSize, probe.Classes).to(model.Device))];
        _probeClassWeights = [.. options.PatchProbes.Select(probe => probe.NoneClassWeight == 1 ? null : ProbeClassWeights(probe, model.Device))];
        _readout = options.EvidenceAttention is { ReadoutWeight: > 0 } supervised
            ? nn.Linear(text.HeadDim * supervised.Heads, model.Config.Vision.PatchTokens).to(model.Device)
            : null;
        _timeReadout = options.EvidenceAttention is { TimeReadoutWeight: > 0 } timed
            ? nn.Linear(text.HeadDim * timed.Heads, timed.TimeReadoutSeconds).to(model.Device)
            : null;
        _answerReadout = options.EvidenceAttention is { AnswerReadoutWeight: > 0 } answered
            ? nn.Linear(text.HeadDim * answered.Heads, answered.AnswerReadoutClasses).to(model.Device)
            : null;
        _trained = [.. model.parameters(), .. _probes.SelectMany(p => p.parameters()), .. _readout?.parameters() ?? [], .. _timeReadout?.parameters() ?? [],
            .. _answerReadout?.parameters() ?? []];
        _optimizer = optim.AdamW(_trained, lr: options.LearningRate, weight_decay: options.WeightDecay);
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

    /// <summary>
    /// Adds one conversation's gradients; steps the optimiser every <see cref="TrainingOptions.ConversationsPerStep"/>.
    /// Returns the loss and, per turn, whether every answer token (and the end of turn) was the most likely one.
    /// </summary>
    public TrainingResult Train(TrainingConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _model.train();
        using var grad = enable_grad();  // grad mode is per thread; never rely on the caller's
        using var scope = NewDisposeScope();
        var layout = Layout(conversation, augment: true);
        var (embeddings, labels, answers, patches) = (layout.Embeddings, layout.Labels, layout.Answers, layout.AllVisual);
        var evidence = EvidenceTargets(conversation, layout);
        var binding = FrameBindingTargets(layout);
        var seen = SeenBeforeTargets(conversation, layout);
        var text = _model.Config.Text;
        var probes = new List<AttentionProbe>();
        int Probe(int layer, int firstHead, int heads, long[] rows)
        {
            probes.Add(new AttentionProbe(layer, firstHead, heads, rows));
            return probes.Count - 1;
        }

        int LastHeadsProbe(int layer, int heads, long[] rows) => Probe(layer, text.NumAttentionHeads - heads, heads, rows);
        var evidenceProbe = evidence is null ? -1 : Probe(_options.EvidenceAttention!.Layer, 0, _options.EvidenceAttention.Heads, evidence.Value.Rows);
        var bindingProbe = binding is null ? -1 : LastHeadsProbe(_options.FrameBinding!.Layer, _options.FrameBinding.Heads, binding.Value.Rows);
        var seenProbe = seen is null ? -1 : LastHeadsProbe(_options.SeenBefore!.Layer, _options.SeenBefore.Heads, seen.Value.Rows);

        using var probing = probes.Count == 0 ? null : new EvidenceProbingAttention(text.NumKeyValueHeads, probes);
        IAttentionCache attention = probing is null ? new CausalSequenceAttention(text.NumKeyValueHeads) : probing;
        var logits = _model.LanguageModel.Forward(new DecoderInput(embeddings, [attention], Logits: LogitsSelection.AllTokens)); // (1, T, V)
        var loss = nn.functional.cross_entropy(logits[0], labels, ignore_index: IgnoredLabel);
        var patchLoss = PatchTargetLoss(conversation, patches);
        var none = zeros(1, device: loss.device).squeeze();
        var evidenceLoss = evidence is not null && probing!.Probabilities(evidenceProbe) is { } probabilities ? AttentionMassLoss(probabilities, evidence.Value.Targets) : none;
        var outputs = evidence is not null ? probing!.Outputs(evidenceProbe) : null;               // (R, H·Dh)
        Tensor Read(Linear? readout, long[]? classes) => readout is not null && outputs is not null && classes is not null ? ReadoutLoss(readout, outputs, classes) : none;
        var readoutLoss = Read(_readout, evidence?.Patches);
        var timeLoss = Read(_timeReadout, evidence?.Seconds);
        var answerLoss = Read(_answerReadout, evidence?.AnswerClasses);
        var bindingLoss = binding is not null && probing!.Probabilities(bindingProbe) is { } bound ? AttentionMassLoss(bound, binding.Value.Targets) : none;
        var seenLoss = seen is not null && probing!.Probabilities(seenProbe) is { } looked ? AttentionMassLoss(looked, seen.Value.Targets) : none;
        var total = loss.Plus(patchLoss).Plus(evidenceLoss.MulScalar(_options.EvidenceAttention?.Weight ?? 0)).Plus(readoutLoss.MulScalar(_options.EvidenceAttention?.ReadoutWeight ?? 0))
            .Plus(timeLoss.MulScalar(_options.EvidenceAttention?.TimeReadoutWeight ?? 0)).Plus(answerLoss.MulScalar(_options.EvidenceAttention?.AnswerReadoutWeight ?? 0))
            .Plus(bindingLoss.MulScalar(_options.FrameBinding?.Weight ?? 0)).Plus(seenLoss.MulScalar(_options.SeenBefore?.Weight ?? 0));
        var hits = logits[0].argmax(-1).eq(labels).cpu().data<bool>().ToArray();                   // (T,)
        var turnsCorrect = answers.Select(span => hits.AsSpan(span.Start, span.Length).IndexOf(false) < 0).ToList();
        total.DivScalar(_options.ConversationsPerStep).backward();
        if (++_accumulated == _options.ConversationsPerStep)
        {
            nn.utils.clip_grad_norm_(_trained, _options.MaxGradientNorm);
            foreach (var group in _optimizer.ParamGroups)
            {
                group.LearningRate = LearningRateAt(Steps);
            }

            _optimizer.step();
            _optimizer.zero_grad();
            _accumulated = 0;
            Steps++;
        }

        return new TrainingResult(loss.item<float>(), turnsCorrect, patchLoss.item<float>(), evidenceLoss.item<float>(), readoutLoss.item<float>(), bindingLoss.item<float>(), timeLoss.item<float>(),
            answerLoss.item<float>(), seenLoss.item<float>());
    }

    /// <summary>The answer-token loss of a conversation without training (model in eval mode, no augmentation).</summary>
    public double Loss(TrainingConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        _model.eval();
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var layout = Layout(conversation, augment: false);
        var logits = _model.LanguageModel.Forward(new DecoderInput(layout.Embeddings, [new CausalSequenceAttention(_model.Config.Text.NumKeyValueHeads)], Logits: LogitsSelection.AllTokens));
        return nn.functional.cross_entropy(logits[0], layout.Labels, ignore_index: IgnoredLabel).item<float>();
    }

    /// <summary>The ids of the training layout (visual positions as the image token) and the labels, −100 where nothing is learned.</summary>
    internal (long[] Ids, long[] Labels) LayoutIds(TrainingConversation conversation)
    {
        using var scope = NewDisposeScope();
        using var inference = no_grad();
        var layout = Layout(conversation, augment: false);
        return ([.. layout.Ids], layout.Labels.data<long>().ToArray());
    }

    /// <summary>
    /// (1, T, D) input embeddings, (T,) next-token labels (−100 where nothing is learned), every position's id (the image
    /// token for visual ones), per turn the positions predicting its answer, every frame's projected visual tokens
    /// before pruning (N, Nv, D), each frame's first visual position and how many visual tokens it has, the positions of
    /// each frame marker's tokens that hold a digit (its second's number), and whether pruning dropped any.
    /// </summary>
    private sealed record ConversationLayout(
        Tensor Embeddings, Tensor Labels, List<long> Ids, List<(int Start, int Length)> Answers, Tensor AllVisual, List<int> FrameStarts,
        List<int> FrameTokens, List<long[]> MarkerNumbers, bool Pruned);

    private ConversationLayout Layout(TrainingConversation conversation, bool augment)
    {
        var frameStarts = new List<int>();
        var answers = new List<(int Start, int Length)>();
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
        var (allVisual, kept) = VisualTokens(conversation.Pixels, augment);
        var (frameTokens, markerNumbers) = (new List<int>(), new List<long[]>());
        foreach (var (frame, visual) in kept.Select((v, i) => (i, v)))
        {
            var markerStart = ids.Count;
            Text(_format.Marker(conversation.TimestampsSeconds[frame]), false);
            markerNumbers.Add([.. Enumerable.Range(markerStart, ids.Count - markerStart).Where(i => _tokenizer.Decode([(int)ids[i]]).Any(char.IsAsciiDigit)).Select(i => (long)i)]);
            frameTokens.Add((int)visual.shape[0]);
            frameStarts.Add(ids.Count);
            pieces.Add(visual.unsqueeze(0));                                                       // (1, k, D)
            ids.AddRange(Enumerable.Repeat((long)_model.Config.ImageTokenId, (int)visual.shape[0]));
            learned.AddRange(Enumerable.Repeat(false, (int)visual.shape[0]));
            Text(_format.FrameSeparator, false);
        }

        for (var turn = 0; turn < conversation.Turns.Count; turn++)
        {
            var (question, answer) = conversation.Turns[turn];
            // The previous answer's turn end is already in place, as inference puts it before the next question.
            var prefix = turn == 0 ? string.Empty : _template.RenderUserTurnStart();
            Text(prefix + question + _template.RenderUserTurnEnd(), false);
            var predictingFirst = ids.Count - 1;                                                   // the position that predicts the answer's first token
            Text(answer, true);
            // The turn end's first token (end of turn) is learned too: it is how the model stops.
            var turnEnd = _tokenizer.Encode(_template.RenderAssistantTurnEnd());
            pieces.Add(_model.EmbedTokens(tensor(turnEnd.Select(t => (long)t).ToArray()).unsqueeze(0)));
            ids.AddRange(turnEnd.Select(t => (long)t));
            learned.AddRange(turnEnd.Select((_, i) => i == 0));
            answers.Add((predictingFirst, ids.Count - turnEnd.Count - predictingFirst));
        }

        var embeddings = cat(pieces, 1);                                                           // (1, T, D)
        var labels = new long[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            // Position i predicts token i + 1.
            labels[i] = i + 1 < ids.Count && learned[i + 1] ? ids[i + 1] : IgnoredLabel;
        }

        var pruned = kept.Any(k => k.shape[0] != allVisual.shape[1]);
        return new ConversationLayout(embeddings, tensor(labels), ids, answers, allVisual, frameStarts, frameTokens, markerNumbers, pruned);
    }

    /// <summary>
    /// The supervised rows (each turn's position predicting its answer, and for a <see cref="EvidenceReadout.Time"/> target
    /// also the one predicting its last token), their targets' positions and, per row, the patch, the second and the answer
    /// class its probes read (−100: none); null when nothing is supervised (no options, no evidence, or a pruned layout whose targets may be gone).
    /// </summary>
    private (long[] Rows, List<long[]> Targets, long[] Patches, long[] Seconds, long[] AnswerClasses)? EvidenceTargets(TrainingConversation conversation, ConversationLayout layout)
    {
        if (_options.EvidenceAttention is null || conversation.Evidence is not { } evidence || layout.Pruned)
        {
            return null;
        }

        if (evidence.Count != conversation.Turns.Count)
        {
            throw new ArgumentException($"The conversation has {conversation.Turns.Count} turns and {evidence.Count} evidence targets.", nameof(conversation));
        }

        var perFrame = (int)layout.AllVisual.shape[1];
        var patchOffset = perFrame - _model.Config.Vision.PatchTokens;                              // the last P tokens are the patches
        var (rows, targets, patches, seconds, answerClasses) = (new List<long>(), new List<long[]>(), new List<long>(), new List<long>(), new List<long>());
        for (var turn = 0; turn < evidence.Count; turn++)
        {
            if (evidence[turn] is not { } target)
            {
                continue;
            }

            if (target.Frame < 0 || target.Frame >= layout.FrameStarts.Count || target.Patches.Count == 0 ||
                target.Patches.Any(p => p < 0 || p >= _model.Config.Vision.PatchTokens))
            {
                throw new ArgumentException($"Turn {turn}'s evidence {target.Frame}: [{string.Join(", ", target.Patches)}] is not a frame and patches of the conversation.", nameof(conversation));
            }

            long[] positions = [.. target.Patches.Select(p => (long)(layout.FrameStarts[target.Frame] + patchOffset + p))];
            var (start, length) = layout.Answers[turn];
            rows.Add(start);
            targets.Add(positions);
            patches.Add(target is { Readout: EvidenceReadout.Patch, Patches.Count: 1 } ? target.Patches[0] : IgnoredLabel);
            seconds.Add(IgnoredLabel);
            answerClasses.Add(target.AnswerClass >= 0 && target.AnswerClass < _options.EvidenceAttention.AnswerReadoutClasses ? target.AnswerClass : IgnoredLabel);
            if (target.Readout == EvidenceReadout.Time && length > 1)
            {
                var second = (long)Math.Round(conversation.TimestampsSeconds[target.Frame]);
                rows.Add(start + length - 1);                                                      // predicts the number, the answer's last token
                targets.Add(positions);
                patches.Add(IgnoredLabel);
                seconds.Add(second < _options.EvidenceAttention.TimeReadoutSeconds ? second : IgnoredLabel);
                answerClasses.Add(IgnoredLabel);
            }
        }

        return rows.Count == 0 ? null : ([.. rows], targets, [.. patches], [.. seconds], [.. answerClasses]);
    }

    /// <summary>Every visual position (rows) and its frame's marker number positions (targets); null without frame binding.</summary>
    private (long[] Rows, List<long[]> Targets)? FrameBindingTargets(ConversationLayout layout)
    {
        if (_options.FrameBinding is null)
        {
            return null;
        }

        var (rows, targets) = (new List<long>(), new List<long[]>());
        for (var frame = 0; frame < layout.FrameStarts.Count; frame++)
        {
            if (layout.MarkerNumbers[frame].Length == 0)
            {
                throw new InvalidOperationException($"The timestamp marker '{_format.Marker(0)}' has no token with a digit to bind frames to.");
            }

            for (var token = 0; token < layout.FrameTokens[frame]; token++)
            {
                rows.Add(layout.FrameStarts[frame] + token);
                targets.Add(layout.MarkerNumbers[frame]);
            }
        }

        return rows.Count == 0 ? null : ([.. rows], targets);
    }

    /// <summary>
    /// Every visual position whose patch shows a look (rows) and its targets: the positions of earlier frames' patches that
    /// show the same look, or the sequence's first position when none does; null without seen-before supervision, without
    /// looks, or for a pruned layout (whose patches are no longer where the looks say).
    /// </summary>
    private (long[] Rows, List<long[]> Targets)? SeenBeforeTargets(TrainingConversation conversation, ConversationLayout layout)
    {
        if (_options.SeenBefore is null || conversation.PatchLooks is not { } looks || layout.Pruned)
        {
            return null;
        }

        var (frames, patchTokens) = (layout.FrameStarts.Count, _model.Config.Vision.PatchTokens);
        if (looks.dim() != 2 || looks.shape[0] != frames || looks.shape[1] != patchTokens)
        {
            throw new ArgumentException($"The patch looks are ({string.Join(", ", looks.shape)}); the conversation has {frames} frames of {patchTokens} patches.", nameof(conversation));
        }

        var patchOffset = (int)layout.AllVisual.shape[1] - patchTokens;                              // the last P tokens are the patches
        var (rows, targets) = LookBack(looks.to_type(ScalarType.Int64).cpu().data<long>().ToArray(), patchTokens, [.. layout.FrameStarts.Select(s => s + patchOffset)]);
        return rows.Length == 0 ? null : (rows, targets);
    }

    /// <summary>
    /// From per-frame patch looks (frame-major, <paramref name="patchTokens"/> a frame, −1: nothing shown) and each frame's
    /// first patch position: every shown patch's position (rows) and its targets, the positions of earlier frames' patches
    /// of the same look, or position 0 (the sequence's first token) when no earlier frame shows it.
    /// </summary>
    internal static (long[] Rows, List<long[]> Targets) LookBack(long[] looks, int patchTokens, IReadOnlyList<int> patchStarts)
    {
        if (looks.Length != patchTokens * patchStarts.Count)
        {
            throw new ArgumentException($"{looks.Length} looks are not {patchStarts.Count} frames of {patchTokens} patches.", nameof(looks));
        }

        var (rows, targets, seen) = (new List<long>(), new List<long[]>(), new Dictionary<long, List<long>>());
        for (var frame = 0; frame < patchStarts.Count; frame++)
        {
            var shown = new List<(long Look, long Position)>();
            for (var patch = 0; patch < patchTokens; patch++)
            {
                var look = looks[frame * patchTokens + patch];
                if (look < 0)
                {
                    continue;
                }

                long position = patchStarts[frame] + patch;
                rows.Add(position);
                targets.Add(seen.TryGetValue(look, out var earlier) ? [.. earlier] : [0]);
                shown.Add((look, position));
            }

            // Only earlier frames count: two alike things in one frame are both seen for the first time.
            foreach (var (look, position) in shown)
            {
                (seen.TryGetValue(look, out var list) ? list : seen[look] = []).Add(position);
            }
        }

        return ([.. rows], targets);
    }

    /// <summary>A read-out probe's cross-entropy: from the supervised heads' outputs (R, H·Dh), each row's class (−100: not read).</summary>
    private static Tensor ReadoutLoss(Linear readout, Tensor outputs, long[] classes)
    {
        if (classes.All(p => p == IgnoredLabel))
        {
            return zeros(1, device: outputs.device).squeeze();
        }

        return nn.functional.cross_entropy(readout.forward(outputs), tensor(classes, device: outputs.device), ignore_index: IgnoredLabel);
    }

    /// <summary>−log of the attention each supervised head gives each row's targets, averaged.</summary>
    private static Tensor AttentionMassLoss(Tensor probabilities, List<long[]> targets)
    {
        var tokens = probabilities.shape[2];
        var flat = targets.SelectMany((positions, row) => positions.Select(p => row * tokens + p)).ToArray();
        var mask = zeros(targets.Count * tokens, device: probabilities.device)
            .IndexFillScalarInPlace(0, tensor(flat, device: probabilities.device), 1.0).reshape(targets.Count, tokens); // (R, T)
        var mass = (probabilities * mask.unsqueeze(0)).sum(-1);                                  // (H, R)
        return -mass.AddScalar(1e-6).log().mean();
    }

    /// <summary>
    /// Every frame's projected visual tokens (N, Nv, D), and per frame those the language model reads (k, D): all of them,
    /// or (augmenting) those kept by pruning as the options rank them.
    /// </summary>
    private (Tensor All, List<Tensor> Kept) VisualTokens(Tensor pixels, bool augment)
    {
        if (!augment || _random.NextDouble() >= _options.PruneAugmentFraction)
        {
            var all = _model.EncodeFrames(pixels);                                                 // (N, Nv, D)
            return (all, [.. Enumerable.Range(0, (int)all.shape[0]).Select(i => all[i])]);
        }

        var keep = _options.AugmentKeepRatios[_random.Next(_options.AugmentKeepRatios.Count)];
        var (features, kept) = AugmentSelection(pixels, keep);                                     // (N, Nv, Dv), per frame (k,)
        var projected = _model.Project(features);                                                  // (N, Nv, D)
        return (projected, [.. kept.Select((indices, i) => projected[i].index_select(0, tensor(indices)))]);
    }

    /// <summary>
    /// Frames (N, C, H, W) → their vision features (N, Nv, Dv) and, per frame, the token indices pruning augmentation keeps
    /// at <paramref name="keepRatio"/>, ranked by <see cref="TrainingOptions.AugmentPruningScore"/>.
    /// </summary>
    internal (Tensor Features, IReadOnlyList<long[]> Kept) AugmentSelection(Tensor pixels, double keepRatio)
    {
        var (features, scores) = PruningScores.Encode(_model, pixels, _options.AugmentPruningScore); // (N, Nv, Dv), (N, Nv)
        return (features, TokenPruner.Select(scores.detach(), keepRatio, _options.AugmentFrameFloorRatio));
    }

    /// <summary>The auxiliary per-patch loss: each probe's weighted cross-entropy over the patches' visual tokens (0 without targets).</summary>
    private Tensor PatchTargetLoss(TrainingConversation conversation, Tensor allVisual)
    {
        if (_probes.Length == 0 || conversation.PatchTargets is not { } targets)
        {
            return zeros(1, device: allVisual.device).squeeze();
        }

        if (targets.Count != _probes.Length)
        {
            throw new ArgumentException($"The conversation has {targets.Count} patch targets; the options name {_probes.Length}.", nameof(conversation));
        }

        var patchCount = targets[0].shape[1];
        var patches = allVisual[.., ^(int)patchCount.., ..].reshape(-1, allVisual.shape[2]);      // (N·P, D): the last P tokens are the patches
        var loss = zeros(1, device: allVisual.device).squeeze();
        for (var i = 0; i < _probes.Length; i++)
        {
            var probe = _options.PatchProbes[i];
            if (Steps < probe.StartStep)
            {
                continue;
            }

            if (targets[i].shape[0] != allVisual.shape[0] || targets[i].shape[1] > allVisual.shape[1])
            {
                throw new ArgumentException($"Patch target {i} is ({string.Join(", ", targets[i].shape)}); the frames have {allVisual.shape[0]} × {allVisual.shape[1]} visual tokens.", nameof(conversation));
            }

            var labels = targets[i].reshape(-1).to(allVisual.device);
            if (!labels.NeScalar(IgnoredLabel).any().item<bool>())
            {
                continue;                                                                          // nothing to learn here (a mean over none is NaN)
            }

            loss = loss.Plus(nn.functional.cross_entropy(_probes[i].forward(patches), labels, weight: _probeClassWeights[i], ignore_index: IgnoredLabel).MulScalar(probe.Weight));
        }

        return loss;
    }

    private static Tensor ProbeClassWeights(PatchProbe probe, Device device)
    {
        var weights = Enumerable.Repeat(1f, probe.Classes).ToArray();
        weights[0] = (float)probe.NoneClassWeight;
        return tensor(weights, device: device);                                                       // (classes)
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        foreach (var weights in _probeClassWeights)
        {
            weights?.Dispose();
        }

        foreach (var probe in _probes)
        {
            probe.Dispose();
        }

        _readout?.Dispose();
        _timeReadout?.Dispose();
        _answerReadout?.Dispose();
    }
}
