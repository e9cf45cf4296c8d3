using Azure.Data.Tables;
using Vpp.Application.Forecasting;

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
        await tables.DeviceHabits.FindAsync(programId, deviceId, cancellationToken) is { } row ? StoredJson.Read<LearnedDeviceHabits>(row.GetString("Habits")) : null;

    public async Task<IReadOnlyDictionary<string, LearnedDeviceHabits>> ListAsync(string programId, CancellationToken cancellationToken)
    {
        var all = new Dictionary<string, LearnedDeviceHabits>(StringComparer.Ordinal);
        await foreach (var row in tables.DeviceHabits.QueryAsync<TableEntity>(TableRows.Partition(programId), cancellationToken: cancellationToken))
        {
            if (StoredJson.Read<LearnedDeviceHabits>(row.GetString("Habits")) is { } habits)
            {
                all[row.RowKey] = habits;
            }
        }

        return all;
    }
}
