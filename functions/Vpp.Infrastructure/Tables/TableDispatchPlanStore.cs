using Azure.Data.Tables;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Event plans in <c>dispatchplans</c>: one partition per event, the plan in row <c>plan</c>, each device's part in
/// row <c>d|{deviceId}</c> and each customer's devices in row <c>c|{customerId}</c>, as JSON. A new plan writes every
/// row and deletes those no longer in it, each part under the ETag it checked; batches read key ranges; a change writes
/// a part only under the ETag it read.
/// </summary>
public sealed class TableDispatchPlanStore(StorageTables tables) : IDispatchPlanStore
{
    private const string PlanRow = "plan";
    private const string PartPrefix = "d|";
    private const string PartsEnd = "d}";
    private const string CustomerPrefix = "c|";
    private const string CustomersEnd = "c}";

    /// <summary>Rounds of read and conditional write before a change or a plan gives up (its activity is retried).</summary>
    private const int MaxChangeAttempts = 10;

    public async Task<bool> SaveAsync(DispatchPlan plan, IReadOnlyList<DispatchAssignment> assignments, IReadOnlyList<DispatchCustomer> customers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(assignments);
        ArgumentNullException.ThrowIfNull(customers);
        var parts = assignments.ToDictionary(a => PartPrefix + a.DeviceId, StringComparer.Ordinal);
        var keptCustomers = customers.Select(c => CustomerPrefix + c.CustomerId).ToHashSet(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            var stored = new List<TableEntity>();
            await foreach (var row in tables.DispatchPlans.QueryAsync<TableEntity>(TableRows.Partition(plan.EventId), select: ["RowKey", "Part"], cancellationToken: cancellationToken))
            {
                stored.Add(row);
            }

            var storedParts = stored.Where(row => row.RowKey.StartsWith(PartPrefix, StringComparison.Ordinal)).ToDictionary(row => row.RowKey, StringComparer.Ordinal);
            if (storedParts.Any(row => !DispatchAssignment.KeepsChanges(StoredJson.Read<DispatchAssignment>(row.Value.GetString("Part"))!, parts.GetValueOrDefault(row.Key))))
            {
                return false;
            }

            // Each part over the row just checked (a new one only where there was none): a change since fails its chunk.
            var writes = parts.Select(p => new TableEntity(plan.EventId, p.Key) { ["Part"] = StoredJson.Write(p.Value) })
                .Select(row => storedParts.TryGetValue(row.RowKey, out var read)
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, read.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, row))
                .Concat(storedParts.Values.Where(row => !parts.ContainsKey(row.RowKey))
                    .Select(row => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(plan.EventId, row.RowKey), row.ETag)));
            try
            {
                foreach (var chunk in writes.Chunk(TableRows.MaxBatchOperations))
                {
                    await tables.DispatchPlans.SubmitTransactionAsync(chunk, cancellationToken);
                }
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxChangeAttempts)
            {
                continue;
            }

            var goneCustomers = stored.Where(row => row.RowKey.StartsWith(CustomerPrefix, StringComparison.Ordinal) && !keptCustomers.Contains(row.RowKey)).Select(row => row.RowKey);
            foreach (var chunk in goneCustomers.Chunk(TableRows.MaxBatchOperations))
            {
                await tables.DispatchPlans.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(plan.EventId, key))), cancellationToken);
            }

            await tables.DispatchPlans.UpsertReplaceAllAsync(
                customers.Select(c => new TableEntity(plan.EventId, CustomerPrefix + c.CustomerId) { ["Customer"] = StoredJson.Write(c) }), cancellationToken);
            // The plan row last: a plan that is read has all its rows.
            await tables.DispatchPlans.UpsertEntityAsync(new TableEntity(plan.EventId, PlanRow) { ["Plan"] = StoredJson.Write(plan) }, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
    }

    public async Task<DispatchPlan?> FindAsync(string eventId, CancellationToken cancellationToken) =>
        await tables.DispatchPlans.FindAsync(eventId, PlanRow, cancellationToken) is { } row ? StoredJson.Read<DispatchPlan>(row.GetString("Plan")) : null;

    public Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, CancellationToken cancellationToken) =>
        ReadAsync<DispatchAssignment>(eventId, PartPrefix, PartsEnd, "Part", cancellationToken);

    public Task<IReadOnlyList<DispatchAssignment>> ListAsync(string eventId, string fromDeviceId, string? untilDeviceId, CancellationToken cancellationToken) =>
        ReadAsync<DispatchAssignment>(eventId, PartPrefix + fromDeviceId, untilDeviceId is null ? PartsEnd : PartPrefix + untilDeviceId, "Part", cancellationToken);

    public Task<IReadOnlyList<DispatchCustomer>> ListCustomersAsync(string eventId, string fromCustomerId, string? untilCustomerId, CancellationToken cancellationToken) =>
        ReadAsync<DispatchCustomer>(eventId, CustomerPrefix + fromCustomerId, untilCustomerId is null ? CustomersEnd : CustomerPrefix + untilCustomerId, "Customer", cancellationToken);

    public async Task<DispatchAssignment?> FindAssignmentAsync(string eventId, string deviceId, CancellationToken cancellationToken) =>
        await tables.DispatchPlans.FindAsync(eventId, PartPrefix + deviceId, cancellationToken) is { } row ? StoredJson.Read<DispatchAssignment>(row.GetString("Part")) : null;

    public async Task<IReadOnlyList<DispatchAssignment>> ChangeAsync(
        string eventId, IReadOnlyCollection<string> deviceIds, Func<DispatchAssignment, DispatchAssignment?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        ArgumentNullException.ThrowIfNull(change);
        var stored = new SortedDictionary<string, DispatchAssignment>(StringComparer.Ordinal);
        var pending = new SortedSet<string>(deviceIds, StringComparer.Ordinal);
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            if (attempt > MaxChangeAttempts)
            {
                throw new InvalidOperationException($"Event '{eventId}': {pending.Count} parts kept changing under {MaxChangeAttempts} attempts to change them.");
            }

            // The pending parts are read in one range; a set is never empty here, so it has a first and a last id.
            var writes = new List<(TableEntity Row, DispatchAssignment Part)>();
            await foreach (var row in tables.DispatchPlans.QueryAsync<TableEntity>(
                TableRows.KeysFromTo(eventId, PartPrefix + pending.Min!, PartPrefix + pending.Max!), cancellationToken: cancellationToken))
            {
                if (StoredJson.Read<DispatchAssignment>(row.GetString("Part")) is not { } part || !pending.Contains(part.DeviceId))
                {
                    continue;
                }

                if (change(part) is { } changed)
                {
                    writes.Add((new TableEntity(eventId, row.RowKey) { ETag = row.ETag, ["Part"] = StoredJson.Write(changed) }, changed));
                }
                else
                {
                    stored[part.DeviceId] = part;
                    pending.Remove(part.DeviceId);
                }
            }

            pending.IntersectWith(writes.Select(w => w.Part.DeviceId));
            foreach (var chunk in writes.Chunk(TableRows.MaxBatchOperations))
            {
                try
                {
                    // Each row only as it was read: a row another writer changed since fails the chunk, which is read again.
                    await tables.DispatchPlans.SubmitTransactionAsync(
                        chunk.Select(w => new TableTransactionAction(TableTransactionActionType.UpdateReplace, w.Row, w.Row.ETag)), cancellationToken);
                    foreach (var (_, part) in chunk)
                    {
                        stored[part.DeviceId] = part;
                        pending.Remove(part.DeviceId);
                    }
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 412)
                {
                    // None of the chunk was written; its parts stay pending and are read again.
                }
            }
        }

        return [.. stored.Values];
    }

    private async Task<IReadOnlyList<T>> ReadAsync<T>(string eventId, string fromKey, string toKey, string column, CancellationToken cancellationToken)
        where T : class =>
        await StoredJson.ReadAllAsync<T>(
            tables.DispatchPlans.QueryAsync<TableEntity>(TableRows.KeyRange(eventId, fromKey, toKey), select: [column], cancellationToken: cancellationToken), column);
}
