namespace SparseVila.Cli.Output;

/// <summary>Progress for redirected output: a note on standard error (<c>NAME: STAGE</c>) at every stage and at the end, no bars.</summary>
internal sealed class PlainProgressBoard(CliConsole console) : IProgressBoard
{
    public IProgressLine Add(string name) => new Line(console, name);

    private sealed class Line(CliConsole console, string name) : IProgressLine
    {
        private string _name = name;

        public void Rename(string name) => _name = name;

        public void Stage(string stage) => console.Note($"{_name}: {stage}");

        public void Report(double fraction, string detail)
        {
            // Percentages are for terminals; a log wants stages and outcomes.
        }

        public void Finish(string outcome, bool succeeded) => console.Note($"{_name}: {outcome}");
    }
}
