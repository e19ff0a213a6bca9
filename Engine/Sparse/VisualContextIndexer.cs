using System.Diagnostics;
using SparseVila.Engine.Model;
using SparseVila.Engine.Prompting;
using SparseVila.Engine.Video;
using static TorchSharp.torch;

namespace SparseVila.Engine.Sparse;

/// <summary>
/// SparseVILA's query-agnostic stage, one window at a time: each <see cref="Append"/> runs a window of frames
/// through the vision tower, keeps the most salient tokens and prefills the LLM over them, so that after it
/// the context is complete up to the window's last frame and can be stored (<see cref="View"/>). Started
/// from a committed prefix (the segments an interrupted run stored), it continues after it as if it had
/// made it. Memory holds the growing keys and values plus one window of frames. Not thread-safe: one caller
/// at a time, on a thread where tensor work may run.
/// </summary>
public sealed class VisualContextIndexer : IDisposable
{
    private readonly VideoLanguageModel _vlm;
    private readonly VisualContextOptions _options;
    private readonly KvCache _cache;
    private readonly List<ContextToken> _tokens = [];
    private readonly List<Tensor> _pending = [];                                                            // (1, t, D) pieces not yet prefilled
    private readonly VisualContextStats _before;
    private int _pendingTokens;
    private long _encodeTicks;
    private long _prefillTicks;
    private int _frames;
    private int _tokensBeforePruning;
    private int _tokensKept;

    /// <summary>
    /// An indexer for a new video, or, given <paramref name="committed"/>, one that continues after it: its keys and
    /// values are copied in, its frames count as indexed and the next window must start after its last frame.
    /// </summary>
    public VisualContextIndexer(VideoLanguageModel vlm, VisualContextOptions options, VisualContext? committed = null)
    {
        ArgumentNullException.ThrowIfNull(vlm);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (_vlm, _options) = (vlm, options);
        var lm = vlm.Model.LanguageModel;
        _cache = lm.NewCache(Math.Max(4096, committed?.LengthTokens ?? 0), vlm.Model.ComputeType, vlm.Model.Device);
        _before = committed?.Stats ?? new VisualContextStats(0, 0, 0, options.KeepRatio, 0, 0);
        if (committed is null)
        {
            using (no_grad())
            {
                var opening = vlm.NewChat().System(options.SystemPrompt).Build().OfType<TextSegment>().Select(s => s.Text);
                AddText(string.Concat(opening) + vlm.Template.RenderUserTurnStart(), -1, -1);
            }

            NextFrameIndex = 0;
            return;
        }

        if (committed.Layers != _cache.Layers || committed.KvHeads != _cache.KvHeads || committed.HeadDim != _cache.HeadDim)
        {
            _cache.Dispose();
            throw new ArgumentException(
                $"The committed context has {committed.Layers} layers of {committed.KvHeads} × {committed.HeadDim}; the model's cache {_cache.Layers} of {_cache.KvHeads} × {_cache.HeadDim}.",
                nameof(committed));
        }

        for (var layer = 0; layer < committed.Layers; layer++)
        {
            using var scope = NewDisposeScope();
            _cache.Write(layer, committed.Keys(layer), committed.Values(layer));                                // (1, Hkv, P, Dh), converted to the cache's type
        }

        _cache.Advance(committed.LengthTokens);
        _tokens.AddRange(committed.Tokens);
        NextFrameIndex = committed.Tokens.Count == 0 ? 0 : committed.Tokens.Max(t => t.FrameIndex) + 1;
    }

    /// <summary>Frames indexed, the committed prefix's included.</summary>
    public int FramesIndexed => _before.Frames + _frames;

    /// <summary>The first frame index the next window may hold: frames before it are indexed.</summary>
    public int NextFrameIndex { get; private set; }

    /// <summary>Positions prefilled so far.</summary>
    public int LengthTokens => _cache.LengthTokens;

    /// <summary>What sits at each prefilled position.</summary>
    public IReadOnlyList<ContextToken> Tokens => _tokens.Count == _cache.LengthTokens ? _tokens : _tokens[.._cache.LengthTokens];

    /// <summary>How the context was made so far, the committed prefix's work included.</summary>
    public VisualContextStats Stats => new(
        FramesIndexed, _before.VisualTokensBeforePruning + _tokensBeforePruning, _before.VisualTokensKept + _tokensKept, _options.KeepRatio,
        _before.EncodeMilliseconds + Stopwatch.GetElapsedTime(0, _encodeTicks).TotalMilliseconds,
        _before.PrefillMilliseconds + Stopwatch.GetElapsedTime(0, _prefillTicks).TotalMilliseconds);

    /// <summary>
    /// Indexes one window of frames: encodes them, prunes each frame's tokens by salience and prefills the LLM over the
    /// window, all of it, so the context ends at a frame boundary. Frames before <see cref="NextFrameIndex"/> are skipped;
    /// frames must come in order. Does not dispose <paramref name="batch"/>.
    /// </summary>
    public void Append(FrameBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var fresh = Enumerable.Range(0, batch.FrameCount).Where(i => batch.FrameIndices[i] >= NextFrameIndex).ToArray();
        if (fresh.Length == 0)
        {
            return;
        }

        // Grad mode is per thread, and this runs synchronously on the caller's.
        using var grad = no_grad();
        var start = Stopwatch.GetTimestamp();
        using (var scope = NewDisposeScope())
        {
            var pixels = fresh.Length == batch.FrameCount ? batch.Pixels : batch.Pixels.index_select(0, tensor(fresh.Select(i => (long)i).ToArray()));  // (N, C, H, W)
            var (features, salience) = PruningScores.Encode(_vlm.Model, pixels, _options.PruningScore); // (N, Nv, Dv), (N, Nv)
            var selection = TokenPruner.Select(salience, _options.KeepRatio, _options.FrameFloorRatio);
            _encodeTicks += Stopwatch.GetTimestamp() - start;
            for (var i = 0; i < fresh.Length; i++)
            {
                var (frameIndex, timestamp) = (batch.FrameIndices[fresh[i]], batch.TimestampsSeconds[fresh[i]]);
                if (frameIndex < NextFrameIndex)
                {
                    throw new ArgumentException($"Frame {frameIndex} comes after frame {NextFrameIndex - 1}: frames must come in order.", nameof(batch));
                }

                AddText(_vlm.Format.Marker(timestamp), frameIndex, timestamp);
                var picked = selection[i];
                var visual = _vlm.Model.Project(features[i].index_select(0, tensor(picked)));                      // (k, D)
                _pending.Add(visual.unsqueeze(0).DetachFromDisposeScope());                                       // (1, k, D)
                _pendingTokens += picked.Length;
                _tokens.AddRange(picked.Select(p => new ContextToken(ContextTokenKind.Visual, frameIndex, timestamp, (int)p)));
                AddText(_vlm.Format.FrameSeparator, frameIndex, timestamp);
                _frames++;
                _tokensBeforePruning += (int)features.shape[1];
                _tokensKept += picked.Length;
                NextFrameIndex = frameIndex + 1;
            }
        }

        PrefillPending();
    }

    /// <summary>
    /// The context as prefilled so far, as views of the indexer's buffers: valid until the next <see cref="Append"/>,
    /// never to be changed; disposing it releases the views only.
    /// </summary>
    public VisualContext View() => Snapshot(copy: false);

    /// <summary>
    /// The finished context, with its own copy of the keys and values. Throws <see cref="VideoDecodeException"/> when no
    /// frame was indexed (<paramref name="sourceName"/> names the video).
    /// </summary>
    public VisualContext Complete(string sourceName) =>
        FramesIndexed == 0
            ? throw new VideoDecodeException(sourceName, VideoDecodeError.Undecodable, $"'{sourceName}' gave no frames to index.")
            : Snapshot(copy: true);

    public void Dispose()
    {
        foreach (var piece in _pending)
        {
            piece.Dispose();
        }

        _pending.Clear();
        _cache.Dispose();
    }

    /// <summary>The context prefilled so far: views of the cache's buffers, or copies of them.</summary>
    private VisualContext Snapshot(bool copy)
    {
        PrefillPending();
        var keys = new Tensor[_cache.Layers];
        var values = new Tensor[_cache.Layers];
        for (var layer = 0; layer < _cache.Layers; layer++)
        {
            // A copy's views must die with this scope: an undisposed view keeps the cache's whole buffer alive.
            using var scope = NewDisposeScope();
            var (k, v) = _cache.Layer(layer);                                                                       // (1, Hkv, P, Dh) views
            keys[layer] = (copy ? k.clone() : k).DetachFromDisposeScope();
            values[layer] = (copy ? v.clone() : v).DetachFromDisposeScope();
        }

        return new VisualContext(keys, values, _tokens.ToArray(), Stats);
    }

    private void AddText(string text, int frameIndex, double timestamp)
    {
        var ids = _vlm.Tokenizer.Encode(text);
        if (ids.Count == 0)
        {
            return;
        }

        using (NewDisposeScope())
        {
            _pending.Add(_vlm.Model.EmbedTokens(tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0)).DetachFromDisposeScope()); // (1, t, D)
        }

        _pendingTokens += ids.Count;
        _tokens.AddRange(Enumerable.Repeat(ContextToken.TextOf(frameIndex, timestamp), ids.Count));
    }

    /// <summary>Prefills every pending piece, in chunks of at most the options' prefill chunk.</summary>
    private void PrefillPending()
    {
        if (_pendingTokens == 0)
        {
            return;
        }

        using var grad = no_grad();
        var start = Stopwatch.GetTimestamp();
        using (var scope = NewDisposeScope())
        {
            var joined = cat(_pending, 1);                                                                     // (1, t, D)
            foreach (var piece in _pending)
            {
                piece.Dispose();
            }

            _pending.Clear();
            for (var from = 0; from < _pendingTokens; from += _options.PrefillChunkTokens)
            {
                var to = Math.Min(from + _options.PrefillChunkTokens, _pendingTokens);
                _vlm.Model.LanguageModel.Forward(new Model.Text.DecoderInput(joined[.., from..to, ..], [_cache], Logits: Model.Text.LogitsSelection.None));
            }

            _pendingTokens = 0;
        }

        _prefillTicks += Stopwatch.GetTimestamp() - start;
    }
}
