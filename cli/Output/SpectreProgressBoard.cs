using Spectre.Console;

namespace SparseVila.Cli.Output;

/// <summary>A live board of Spectre progress bars; a line's description reads <c>name stage detail</c>.</summary>
internal sealed class SpectreProgressBoard(ProgressContext context) : IProgressBoard
{
    public IProgressLine Add(string name) => new Line(context.AddTask(Markup.Escape(name), autoStart: true, maxValue: 1), name);

    private sealed class Line(ProgressTask task, string name) : IProgressLine
    {
        private readonly Lock _gate = new();
        private string _name = name;
        private string _stageMarkup = string.Empty;
        private string _detail = string.Empty;

        public void Rename(string name) => Update(() => _name = name);

        public void Stage(string stage) => Update(() =>
        {
            (_stageMarkup, _detail) = ($"[blue]{Markup.Escape(stage)}[/]", string.Empty);
            task.Value = 0;
        });

        public void Report(double fraction, string detail) => Update(() =>
        {
            _detail = detail;
            task.Value = Math.Clamp(fraction, 0, 1);
        });

        public void Finish(string outcome, bool succeeded) => Update(() =>
        {
            (_stageMarkup, _detail) = ($"[{(succeeded ? "green" : "red")}]{Markup.Escape(outcome)}[/]", string.Empty);
            if (succeeded)
            {
                task.Value = task.MaxValue;
            }

            task.StopTask();
        });

        private void Update(Action change)
        {
            lock (_gate)
            {
                change();
                task.Description = $"{Markup.Escape(_name)} {_stageMarkup} [grey]{Markup.Escape(_detail)}[/]";
            }
        }
    }
}
