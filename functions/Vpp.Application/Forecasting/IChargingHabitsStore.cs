namespace Vpp.Application.Forecasting;

/// <summary>Each EV charger's learned habits, per program.</summary>
public interface IChargingHabitsStore
{
    Task SaveAsync(string programId, LearnedChargingHabits habits, CancellationToken cancellationToken);

    /// <summary>The program's learned habits by device id.</summary>
    Task<IReadOnlyDictionary<string, LearnedChargingHabits>> ListAsync(string programId, CancellationToken cancellationToken);
}
