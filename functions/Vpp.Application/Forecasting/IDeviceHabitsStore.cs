namespace Vpp.Application.Forecasting;

/// <summary>Each device's learned habits, per program.</summary>
public interface IDeviceHabitsStore
{
    Task SaveAsync(string programId, LearnedDeviceHabits habits, CancellationToken cancellationToken);

    /// <summary>The program's learned habits by device id.</summary>
    Task<IReadOnlyDictionary<string, LearnedDeviceHabits>> ListAsync(string programId, CancellationToken cancellationToken);
}
