namespace SparseVila.Training.Shapes;

/// <summary>The last few lines a process wrote to stderr, for error messages; older lines are dropped.</summary>
internal sealed class StderrTail(int maxLineCount)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    public void Add(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line.Trim());
            if (_lines.Count > maxLineCount)
            {
                _lines.Dequeue();
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _lines.Count == 0 ? "(ffmpeg printed nothing)" : string.Join(" | ", _lines);
        }
    }
}
