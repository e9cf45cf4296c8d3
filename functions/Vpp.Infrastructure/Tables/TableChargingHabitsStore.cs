using Vpp.Application.Forecasting;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tables;

/// <summary>Learned charging habits in <c>charginghabits</c>: PK = programId, RK = deviceId, the habits as JSON.</summary>
public sealed class TableChargingHabitsStore(StorageTables tables) : IChargingHabitsStore
{
    public Task SaveAsync(string programId, LearnedChargingHabits habits, CancellationToken cancellationToken) =>
        tables.ChargingHabits.UpsertReplaceAsync(
            new TableEntity(programId, habits.DeviceId) { ["Habits"] = StoredJson.Write(habits), ["LearnedUtc"] = habits.LearnedUtc },
            cancellationToken);

    public async Task<IReadOnlyDictionary<string, LearnedChargingHabits>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, LearnedChargingHabits>(StringComparer.Ordinal);
        await foreach (var row in tables.ChargingHabits.QueryAsync(TableQuery.PartitionEquals(programId), cancellationToken))
        {
            if (StoredJson.Read<LearnedChargingHabits>(row.GetString("Habits")) is { } habits)
            {
                all[row.RowKey] = habits;
            }
        }

        return all;
    }
}
