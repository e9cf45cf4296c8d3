namespace Vpp.Application.Forecasting;

/// <summary>Each device's learned habits, per program.</summary>
public interface IDeviceHabitsStore
{
    Task SaveAsync(string programId, LearnedDeviceHabits habits, CancellationToken cancellationToken);

    /// <summary>One device's learned habits; null before its first attempt.</summary>
    Task<LearnedDeviceHabits?> FindAsync(string programId, string deviceId, CancellationToken cancellationToken);

    /// <summary>The program's learned habits by device id.</summary>
    Task<IReadOnlyDictionary<string, LearnedDeviceHabits>> ListAsync(string programId, CancellationToken cancellationToken);
}
