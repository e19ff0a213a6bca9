using System.Runtime.CompilerServices;
using SparseVila.Engine.Model;
using SparseVila.Engine.Video;
using static TorchSharp.torch;

namespace SparseVila.Engine.Prompting;

/// <summary>Streams a video's sampled frames through the vision tower and projector, batch by batch.</summary>
public sealed class VideoFrameEncoder(LlavaModel model, ImagePreprocessing preprocessing)
{
    /// <summary>
    /// Each sampled frame's visual token embeddings, (Nv, D), in order; at most
    /// <paramref name="batchFrames"/> frames are decoded and encoded at a time.
    /// </summary>
    public async IAsyncEnumerable<VisualFrame> EncodeAsync(
        string videoPath, FrameSampling sampling, int batchFrames, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in FrameReader.ReadAsync(videoPath, sampling, preprocessing, batchFrames, cancellationToken).ConfigureAwait(false))
        {
            using (batch)
            {
                foreach (var frame in Encode(batch))
                {
                    yield return frame;
                }
            }
        }
    }

    /// <summary>Every frame of a video, as one prompt segment.</summary>
    public async Task<VideoSegment> EncodeVideoAsync(string videoPath, FrameSampling sampling, int batchFrames, CancellationToken cancellationToken)
    {
        var frames = new List<VisualFrame>();
        await foreach (var frame in EncodeAsync(videoPath, sampling, batchFrames, cancellationToken).ConfigureAwait(false))
        {
            frames.Add(frame);
        }

        return new VideoSegment(frames);
    }

    private List<VisualFrame> Encode(FrameBatch batch)
    {
        using var inference = no_grad();
        using var scope = NewDisposeScope();
        var embeddings = model.EncodeFrames(batch.Pixels);                                          // (B, Nv, D)
        var frames = new List<VisualFrame>(batch.FrameCount);
        for (var i = 0; i < batch.FrameCount; i++)
        {
            frames.Add(new VisualFrame(batch.FrameIndices[i], batch.TimestampsSeconds[i], embeddings[i].clone().DetachFromDisposeScope()));
        }

        return frames;
    }
}
