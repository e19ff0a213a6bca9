namespace SparseVila.Silo.Tests;

/// <summary>A grain that registers a reminder and says whether the reminder service knows it (for the Redis reminder tests).</summary>
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder <paramref name="name"/> (due in an hour: it must not fire during a test).</summary>
    Task RegisterAsync(string name);

    /// <summary>Whether the reminder service holds <paramref name="name"/> for this grain.</summary>
    Task<bool> HasAsync(string name);
}

/// <inheritdoc cref="IReminderProbeGrain" />
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public async Task RegisterAsync(string name) =>
        await this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1)).ConfigureAwait(true);

    public async Task<bool> HasAsync(string name) => await this.GetReminder(name).ConfigureAwait(true) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
