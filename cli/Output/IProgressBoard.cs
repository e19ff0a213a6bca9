namespace SparseVila.Cli.Output;

/// <summary>Lines of progress, one a file or video: live bars on a terminal, plain notes otherwise.</summary>
public interface IProgressBoard
{
    /// <summary>A new line for <paramref name="name"/>.</summary>
    IProgressLine Add(string name);
}

/// <summary>The progress of one file or video.</summary>
public interface IProgressLine
{
    /// <summary>Names the line anew (a video whose name became known).</summary>
    void Rename(string name);

    /// <summary>A new stage (<c>uploading</c>, <c>indexing</c>): shown on the bar, and noted as a line when output is plain.</summary>
    void Stage(string stage);

    /// <summary>How far the stage has gone (0 to 1) and a detail (<c>3.1/48.0 MB</c>); shown on a terminal only.</summary>
    void Report(double fraction, string detail);

    /// <summary>The end: <paramref name="outcome"/> shown in green when it <paramref name="succeeded"/>, red otherwise.</summary>
    void Finish(string outcome, bool succeeded);
}
