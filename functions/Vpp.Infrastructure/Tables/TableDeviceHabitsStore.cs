using Azure.Data.Tables;
using Vpp.Application.Forecasting;
using Vpp.Domain.Forecasting;

namespace Vpp.Infrastructure.Tables;

/// <summary>Learned device habits in <c>devicehabits</c>: PK = programId, RK = deviceId, the habits as JSON.</summary>
public sealed class TableDeviceHabitsStore(StorageTables tables) : IDeviceHabitsStore
{
    public Task SaveAsync(string programId, LearnedDeviceHabits habits, CancellationToken cancellationToken) =>
        tables.DeviceHabits.UpsertEntityAsync(
            new TableEntity(programId, habits.DeviceId) { ["Habits"] = StoredJson.Write(habits), ["LearnedUtc"] = habits.LearnedUtc },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<LearnedDeviceHabits?> FindAsync(string programId, string deviceId, CancellationToken cancellationToken) =>
        await tables.DeviceHabits.FindAsync(programId, deviceId, cancellationToken) is { } row ? Current(StoredJson.Read<LearnedDeviceHabits>(row.GetString("Habits"))) : null;

    public async Task<IReadOnlyDictionary<string, LearnedDeviceHabits>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, LearnedDeviceHabits>(StringComparer.Ordinal);
        await foreach (var row in tables.DeviceHabits.QueryAsync<TableEntity>(TableRows.Partition(programId), cancellationToken: cancellationToken))
        {
            if (Current(StoredJson.Read<LearnedDeviceHabits>(row.GetString("Habits"))) is { } habits)
            {
                all[row.RowKey] = habits;
            }
        }

        return all;
    }

    /// <summary>
    /// Habits stored before undispatched draws were learned by the quarter hour (December 2026) read back with a profile
    /// that has none: the profile is dropped (typical baselines stand in) and the habits are dated never learned, so
    /// the next run relearns the device first.
    /// </summary>
    private static LearnedDeviceHabits? Current(LearnedDeviceHabits? stored) =>
        stored is { Habits.Power: { } power } && (power.WeekdayKwByLocalQuarterHour?.Count != PowerProfile.QuartersPerDay || power.WeekendKwByLocalQuarterHour?.Count != PowerProfile.QuartersPerDay)
            ? stored with { LearnedUtc = DateTimeOffset.MinValue, Habits = stored.Habits with { Power = null } }
            : stored;
}
